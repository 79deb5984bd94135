import type { LightMyRequestResponse } from 'fastify';
import { closeDueDraws } from '../../../src/app/draws.js';
import { createLottery } from '../../../src/app/lotteries.js';
import { registerParticipant } from '../../../src/app/participants.js';
import { startSession } from '../../../src/app/sessions.js';
import { defaultSessionPolicy } from '../../../src/http/options.js';
import { submitBallots } from '../../../src/app/ballots.js';
import { createToken } from '../../../src/app/tokens.js';
import type { DialectName } from '../../../src/db/connect.js';
import type { Database } from '../../../src/db/schema.js';
import type { Participant } from '../../../src/domain/index.js';
import { buildApp, type HttpOptions } from '../../../src/http/app.js';
import type { Api } from '../../../src/http/types.js';
import { createTestContext, type TestContext } from '../../support/databases.js';

/**
 * The real HTTP app in this process (`app.inject`) over a fresh database and a fixed clock, with
 * a drawn draw (yesterday's), an open lottery and accounts ready, for the hostile-input tests.
 */

/** The origin `app.inject` requests come from (Host: localhost:80). */
export const ORIGIN = 'http://localhost';
export const PASSWORD = 'correct horse battery';
export const TODAY = '2026-03-11';
export const YESTERDAY = '2026-03-10';

export interface Account {
  participant: Participant;
  username: string;
  password: string;
  /** A live session id (the cookie value). */
  session: string;
  /** A live bearer token. */
  token: string;
  tokenId: number;
}

export interface ApiWorld {
  ctx: TestContext;
  app: Api;
  /** A lottery that ran yesterday (drawn, with ballots) and runs today. */
  lotteryId: number;
  /** One of its ballots in yesterday's drawn draw. */
  ballotId: number;
  close(): Promise<void>;
}

let serial = 0;
export const uniqueName = (prefix: string) =>
  `${prefix}${(serial++).toString(36)}x${process.pid.toString(36)}`;

export const createAccount = async (
  ctx: TestContext,
  role: 'participant' | 'admin' = 'participant',
  username = uniqueName(role === 'admin' ? 'admin' : 'user'),
): Promise<Account> => {
  const participant = await registerParticipant(ctx, { username, password: PASSWORD }, role);
  const { id: session } = await startSession(ctx, participant, defaultSessionPolicy);
  const token = await createToken(ctx, participant, 'tests');
  return {
    participant,
    username,
    password: PASSWORD,
    session,
    token: token.token,
    tokenId: token.id,
  };
};

export const openApiWorld = async (
  dialect: DialectName,
  options: HttpOptions = {},
): Promise<ApiWorld> => {
  const ctx = await createTestContext(dialect);
  ctx.clock.set(`${YESTERDAY}T12:00:00Z`);
  const lottery = await createLottery(ctx, { name: uniqueName('Fixture '), startsOn: YESTERDAY });
  const player = await createAccount(ctx);
  const submitted = await submitBallots(ctx, player.participant, lottery.id, 3);
  ctx.clock.set(`${TODAY}T12:00:00Z`);
  await closeDueDraws(ctx);
  const app = await buildApp(ctx, options);
  await app.ready();
  return {
    ctx,
    app,
    lotteryId: lottery.id,
    ballotId: submitted.ballotIds[0]!,
    close: async () => {
      await app.close();
      await ctx.dispose();
    },
  };
};

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/v1/lotteries/{id}. */
  path: string;
  summary: string;
  security: Record<string, string[]>[] | null;
  parameters: { in: string; name: string; schema?: { type?: string } }[];
  bodyProperties: Record<string, { type?: string | string[] }> | null;
}

/** Every operation of the API, from its own OpenAPI document (so none can be forgotten). */
export const operations = async (app: Api): Promise<Operation[]> => {
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  const doc = response.json<{ paths: Record<string, Record<string, Record<string, unknown>>> }>();
  const list: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = (
        op.requestBody as
          | {
              content?: Record<
                string,
                { schema?: { properties?: Record<string, { type?: string }> } }
              >;
            }
          | undefined
      )?.content?.['application/json']?.schema;
      list.push({
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? ''),
        security: (op.security as Operation['security']) ?? null,
        parameters: (op.parameters as Operation['parameters']) ?? [],
        bodyProperties: body?.properties ?? null,
      });
    }
  }
  return list;
};

/** Rows of every table, in a stable order: what a refused request must leave untouched. */
export const snapshot = async (ctx: TestContext, except: (keyof Database)[] = []) => {
  const tables: (keyof Database)[] = [
    'participants',
    'sessions',
    'api_tokens',
    'lotteries',
    'draws',
    'draw_results',
    'ballots',
    'idempotency_keys',
    'rate_limits',
    'server_keys',
  ];
  const out: Record<string, unknown[]> = {};
  for (const table of tables) {
    if (except.includes(table)) continue;
    const rows = await ctx.db.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
};

/** A problem document, as RFC 9457 and this API define it. */
export const problemViolation = (response: LightMyRequestResponse): string | null => {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json'))
    return `content-type ${type || '(none)'}: ${response.body.slice(0, 200)}`;
  let body: Record<string, unknown>;
  try {
    body = response.json();
  } catch {
    return `not JSON: ${response.body.slice(0, 200)}`;
  }
  if (
    typeof body.title !== 'string' ||
    typeof body.detail !== 'string' ||
    typeof body.type !== 'string'
  ) {
    return `missing title/detail/type: ${response.body.slice(0, 200)}`;
  }
  if (body.status !== response.statusCode)
    return `status ${String(body.status)} in a ${response.statusCode}`;
  return null;
};
