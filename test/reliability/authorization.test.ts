import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLottery } from '../../src/app/lotteries.js';
import { createToken } from '../../src/app/tokens.js';
import { dialects } from '../support/databases.js';
import {
  createAccount,
  openApiWorld,
  operations,
  ORIGIN,
  PASSWORD,
  TODAY,
  uniqueName,
  YESTERDAY,
  type Account,
  type ApiWorld,
  type Operation,
} from './support/api.js';
import { scenario } from './support/report.js';

/**
 * The authorization matrix: every operation of the OpenAPI document (so a new route cannot be
 * forgotten: an unclassified one fails the test) tried anonymously, as a participant (session
 * and bearer token), as another participant and as an admin. Only the allowed cells succeed;
 * the others are 401 (not logged in), 403 (not allowed) or 404 (someone else's token: its
 * existence is not revealed). Each cell runs on fresh accounts and a fresh lottery, so one cell
 * (a logout, a cancellation) cannot decide the next.
 */

type Access =
  /** Anyone. */
  | 'public'
  /** Anyone logged in, with a session or a token. */
  | 'login'
  /** Logged in with a session: a token cannot mint tokens. */
  | 'session'
  /** Admins only. */
  | 'admin'
  /** The owner of the token only; for anyone else it does not exist. */
  | 'owner';

const access: Record<string, Access> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/v1/participants': 'public',
  'POST /api/v1/sessions': 'public',
  'GET /api/v1/sessions/current': 'public',
  'DELETE /api/v1/sessions/current': 'public',
  'GET /api/v1/me': 'login',
  'PUT /api/v1/me/password': 'login',
  'POST /api/v1/tokens': 'session',
  'GET /api/v1/tokens': 'login',
  'DELETE /api/v1/tokens/{id}': 'owner',
  'GET /api/v1/lotteries': 'public',
  'POST /api/v1/lotteries': 'admin',
  'GET /api/v1/lotteries/{id}': 'public',
  'PATCH /api/v1/lotteries/{id}': 'admin',
  'POST /api/v1/lotteries/{id}/cancel': 'admin',
  'POST /api/v1/lotteries/{id}/ballots': 'login',
  'GET /api/v1/me/ballots': 'login',
  'GET /api/v1/me/wins': 'login',
  'GET /api/v1/me/draws': 'login',
  'GET /api/v1/me/draws/{drawId}/ranges': 'login',
  'POST /api/v1/me/wins/dismiss': 'login',
  'GET /api/v1/draws': 'public',
  'GET /api/v1/draws/latest-date': 'public',
  'GET /api/v1/lotteries/{id}/draws': 'public',
  'GET /api/v1/lotteries/{id}/draws/{date}': 'public',
  'GET /api/v1/lotteries/{id}/draws/{date}/ballots': 'public',
  'GET /api/v1/lotteries/{id}/draws/{date}/ballots.ndjson': 'public',
  'GET /api/v1/ballots/{id}/proof': 'public',
  'GET /api/v1/fairness/key': 'public',
};

type Role =
  'anonymous' | 'participant (session)' | 'participant (token)' | 'other participant' | 'admin';
const roles: Role[] = [
  'anonymous',
  'participant (session)',
  'participant (token)',
  'other participant',
  'admin',
];

/** What each role must get: 'ok' (any 2xx) or the exact refusal. */
const expected = (kind: Access, role: Role): 'ok' | 401 | 403 | 404 => {
  if (kind === 'public') return 'ok';
  if (role === 'anonymous') return 401;
  switch (kind) {
    case 'login':
      return 'ok';
    case 'session':
      return role === 'participant (token)' ? 403 : 'ok';
    case 'admin':
      return role === 'admin' ? 'ok' : 403;
    case 'owner':
      return role === 'participant (session)' || role === 'participant (token)' ? 'ok' : 404;
  }
};

interface Cell {
  owner: Account;
  other: Account;
  admin: Account;
  /** A token of the owner's that the cell may revoke (not the one it authenticates with). */
  spareTokenId: number;
  /** A lottery the cell may edit or cancel. */
  freshLotteryId: number;
}

describe.each(dialects)('authorization matrix on %s', (dialect) => {
  let world: ApiWorld;
  let ops: Operation[];

  beforeAll(async () => {
    world = await openApiWorld(dialect, { rateLimits: { registrationsPerHour: 10_000 } });
    ops = await operations(world.app);
  });
  afterAll(() => world.close());

  const newCell = async (): Promise<Cell> => {
    const owner = await createAccount(world.ctx);
    const spare = await createToken(world.ctx, owner.participant, 'spare');
    const lottery = await createLottery(world.ctx, {
      name: uniqueName('Matrix '),
      startsOn: '2026-03-20',
    });
    return {
      owner,
      other: await createAccount(world.ctx),
      admin: await createAccount(world.ctx, 'admin'),
      spareTokenId: spare.id,
      freshLotteryId: lottery.id,
    };
  };

  /** The request that succeeds for an allowed caller. */
  const requestFor = (op: Operation, cell: Cell) => {
    const params: Record<string, string> = {};
    let body: unknown;
    let query = '';
    const key = `${op.method} ${op.path}`;
    if (op.path.startsWith('/api/v1/tokens/')) params.id = String(cell.spareTokenId);
    else if (op.path.startsWith('/api/v1/ballots/')) params.id = String(world.ballotId);
    else if (
      key === 'PATCH /api/v1/lotteries/{id}' ||
      key === 'POST /api/v1/lotteries/{id}/cancel'
    ) {
      params.id = String(cell.freshLotteryId);
    } else params.id = String(world.lotteryId);
    params.date = YESTERDAY;
    params.drawId = '1';
    switch (key) {
      case 'POST /api/v1/participants':
        body = { username: uniqueName('new'), password: PASSWORD };
        break;
      case 'POST /api/v1/sessions':
        body = { username: cell.owner.username, password: PASSWORD };
        break;
      case 'PUT /api/v1/me/password':
        body = { currentPassword: PASSWORD, newPassword: 'another horse battery' };
        break;
      case 'POST /api/v1/tokens':
        body = { name: 'matrix' };
        break;
      case 'POST /api/v1/lotteries':
        body = { name: uniqueName('Created '), startsOn: TODAY };
        break;
      case 'PATCH /api/v1/lotteries/{id}':
        body = { description: 'changed by the matrix' };
        break;
      case 'POST /api/v1/lotteries/{id}/ballots':
        body = { quantity: 1 };
        break;
      case 'POST /api/v1/me/wins/dismiss':
        body = { through: `${TODAY}T00:00:00.000Z` };
        break;
      case 'GET /api/v1/draws':
        query = `?date=${YESTERDAY}`;
        break;
    }
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!) + query;
    return { url, body };
  };

  const call = (op: Operation, cell: Cell, role: Role) => {
    const { url, body } = requestFor(op, cell);
    const headers: Record<string, string> = { origin: ORIGIN };
    const cookies: Record<string, string> = {};
    if (role === 'participant (session)') cookies.lottery_session = cell.owner.session;
    if (role === 'participant (token)') headers.authorization = `Bearer ${cell.owner.token}`;
    if (role === 'other participant') cookies.lottery_session = cell.other.session;
    if (role === 'admin') cookies.lottery_session = cell.admin.session;
    return world.app.inject({
      method: op.method as 'GET',
      url,
      headers,
      cookies,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  };

  it(
    'lets exactly the allowed callers through, on every operation of the OpenAPI document',
    () =>
      scenario(
        {
          scenario: 'Authorization matrix',
          database: dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL',
          checked:
            'every OpenAPI operation (an unclassified new one fails) × anonymous, participant by session, participant by token, another participant, admin; allowed cells 2xx, others exactly 401/403/404 as problem documents; the classification agrees with the document’s security and "(admin)" summaries',
        },
        async (notes) => {
          const unclassified = ops
            .map((o) => `${o.method} ${o.path}`)
            .filter((k) => !(k in access));
          expect(unclassified, 'new operations: add them to the access table').toEqual([]);
          const gone = Object.keys(access).filter(
            (k) => !ops.some((o) => `${o.method} ${o.path}` === k),
          );
          expect(gone, 'operations no longer in the OpenAPI document').toEqual([]);

          const mismatches: string[] = [];
          let cells = 0;
          for (const op of ops) {
            const kind = access[`${op.method} ${op.path}`]!;
            // The document says the same: public routes need nothing, the others a login.
            const documented =
              op.security === null
                ? 'public'
                : JSON.stringify(op.security) === '[{"session":[]}]'
                  ? 'session'
                  : 'login';
            if (
              (kind === 'public') !== (documented === 'public') ||
              (kind === 'session') !== (documented === 'session')
            ) {
              mismatches.push(
                `${op.method} ${op.path}: classified ${kind}, documented ${documented}`,
              );
            }
            if ((kind === 'admin') !== op.summary.includes('(admin)')) {
              mismatches.push(
                `${op.method} ${op.path}: classified ${kind}, summary "${op.summary}"`,
              );
            }
            for (const role of roles) {
              const cell = await newCell();
              const response = await call(op, cell, role);
              cells += 1;
              const want = expected(kind, role);
              const got = response.statusCode;
              const ok = want === 'ok' ? got >= 200 && got < 300 : got === want;
              if (!ok)
                mismatches.push(
                  `${op.method} ${op.path} as ${role}: want ${want}, got ${got} ${response.body.slice(0, 150)}`,
                );
              if (
                got >= 400 &&
                !String(response.headers['content-type']).startsWith('application/problem+json')
              ) {
                mismatches.push(
                  `${op.method} ${op.path} as ${role}: ${got} is not a problem document`,
                );
              }
            }
          }
          notes.rounds = cells;
          notes.notes.push(`${ops.length} operations × ${roles.length} callers = ${cells} cells`);
          expect(mismatches).toEqual([]);
        },
      ),
    120_000,
  );
});
