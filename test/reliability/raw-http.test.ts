import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, ServerProcess } from '../support/server-process.js';
import { scenario } from './support/report.js';
import {
  count,
  createOpenLottery,
  createPlayers,
  openWorld,
  type Player,
  type World,
} from './support/world.js';

/**
 * Hostile input at the HTTP level, on the wire to a real server process (what `app.inject`
 * cannot send): oversized and duplicate headers, conflicting lengths, smuggling attempts, bad
 * request lines, header injection, and clients that connect and stall. Every answer must be a
 * 4xx problem document (or the right success), the process must stay up and keep serving, and
 * nothing may be written.
 */

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  raw: string;
}

/** Sends bytes as they are and reads the answer until the server closes (bounded). */
const raw = (
  port: number,
  request: string,
  timeoutMs = 10_000,
): Promise<RawResponse | { error: string }> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(data ? parse(data) : { error: 'timeout' });
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(data ? parse(data) : { error: String(error.code ?? error.message) });
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(data ? parse(data) : { error: 'closed without an answer' });
    });
    socket.write(request);
  });

const parse = (data: string): RawResponse => {
  const split = data.indexOf('\r\n\r\n');
  const head = split === -1 ? data : data.slice(0, split);
  const [statusLine, ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = split === -1 ? '' : data.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    // Good enough for small answers: drop the chunk-size lines.
    body = body
      .split('\r\n')
      .filter((_, i) => i % 2 === 1)
      .join('');
  }
  return { status: Number(statusLine?.split(' ')[1] ?? 0), headers, body, raw: data.slice(0, 400) };
};

const isProblem = (r: RawResponse) => {
  if (!(r.headers['content-type'] ?? '').startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(r.body) as { title?: unknown; detail?: unknown; status?: unknown };
    return (
      typeof body.title === 'string' && typeof body.detail === 'string' && body.status === r.status
    );
  } catch {
    return false;
  }
};

describe('hostile HTTP on the wire (a real server process, SQLite)', () => {
  let world: World;
  let server: ServerProcess;
  let player: Player;
  let lotteryId: number;

  beforeAll(async () => {
    world = await openWorld('sqlite');
    [player] = (await createPlayers(world, 1)) as [Player];
    lotteryId = (await createOpenLottery(world)).id;
    server = await ServerProcess.start({
      databaseUrl: world.database.url,
      name: 'raw-http',
      env: { LOG_LEVEL: 'warn' },
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await world?.dispose();
  });

  it(
    'answers malformed, oversized and duplicate-header requests with 4xx problems, stays up, writes nothing',
    () =>
      scenario(
        {
          scenario: 'Hostile input (raw HTTP)',
          database: 'SQLite',
          checked:
            'on the wire to a real process: 20 KB header and Authorization, duplicate Authorization/Content-Type/Idempotency-Key, two different Content-Lengths, Transfer-Encoding with Content-Length, bad request line, CR/LF and NUL in header values, body longer than declared, 100 stalled half-sent requests; 4xx problem documents (or the right success), process up and serving, no ballot written by a refused request',
        },
        async (notes) => {
          const host = `Host: 127.0.0.1:${server.port}`;
          const ballotPath = `/api/v1/lotteries/${lotteryId}/ballots`;
          const json = '{"quantity":1}';
          const post = (headers: string[], body = json) =>
            `POST ${ballotPath} HTTP/1.1\r\n${host}\r\n${headers.join('\r\n')}${headers.length ? '\r\n' : ''}Connection: close\r\n\r\n${body}`;
          const bearer = `Authorization: Bearer ${player.token}`;
          const ballotsBefore = await count(world, 'ballots');

          const cases: { name: string; request: string; expect: 'refused' | number }[] = [
            {
              name: '20 KB header',
              request: `GET /api/v1/lotteries HTTP/1.1\r\n${host}\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
              expect: 'refused',
            },
            {
              name: '20 KB Authorization',
              request: `GET /api/v1/me HTTP/1.1\r\n${host}\r\nAuthorization: Bearer ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
              expect: 'refused',
            },
            {
              name: 'two different Content-Lengths',
              request: post([
                bearer,
                'Content-Type: application/json',
                'Content-Length: 14',
                'Content-Length: 2',
              ]),
              expect: 'refused',
            },
            {
              name: 'Transfer-Encoding and Content-Length',
              request: post(
                [
                  bearer,
                  'Content-Type: application/json',
                  'Transfer-Encoding: chunked',
                  'Content-Length: 14',
                ],
                `e\r\n${json}\r\n0\r\n\r\n`,
              ),
              expect: 'refused',
            },
            { name: 'bad request line', request: 'GARBAGE\r\n\r\n', expect: 'refused' },
            {
              name: 'NUL in a header value',
              request: `GET /api/v1/lotteries HTTP/1.1\r\n${host}\r\nX-Test: a\u0000b\r\nConnection: close\r\n\r\n`,
              expect: 'refused',
            },
            {
              name: 'bare LF header injection',
              request: `GET /api/v1/lotteries HTTP/1.1\r\n${host}\r\nX-Test: a\nInjected: 1\r\nConnection: close\r\n\r\n`,
              expect: 'refused',
            },
            {
              name: 'garbage token, then the valid one',
              request: post([
                'Authorization: Bearer garbage',
                bearer,
                'Content-Type: application/json',
                `Content-Length: ${json.length}`,
              ]),
              expect: 401,
            },
            {
              name: 'duplicate Content-Type (JSON, then text)',
              request: post([
                bearer,
                'Content-Type: application/json',
                'Content-Type: text/plain',
                'Content-Length: 14',
              ]),
              expect: 201,
            },
            {
              name: 'duplicate Idempotency-Key',
              request: post([
                bearer,
                'Content-Type: application/json',
                'Idempotency-Key: a',
                'Idempotency-Key: b',
                'Content-Length: 14',
              ]),
              expect: 201,
            },
            {
              name: 'body longer than Content-Length',
              request: post([bearer, 'Content-Type: application/json', 'Content-Length: 5']),
              expect: 'refused',
            },
          ];
          const seen: string[] = [];
          const problems: string[] = [];
          for (const c of cases) {
            const response = await raw(server.port, c.request);
            if ('error' in response) {
              problems.push(`${c.name}: no answer (${response.error})`);
              continue;
            }
            seen.push(`${c.name} → ${response.status}`);
            if (response.status >= 500 || response.status === 0)
              problems.push(`${c.name}: ${response.raw}`);
            if (c.expect === 'refused' ? response.status < 400 : response.status !== c.expect) {
              problems.push(`${c.name}: expected ${c.expect}, got ${response.status}`);
            }
            if (response.status >= 400 && !isProblem(response)) {
              problems.push(
                `${c.name}: ${response.status} is not a problem document: ${JSON.stringify(response.raw)}`,
              );
            }
            expect(server.isRunning, `${c.name} crashed the server`).toBe(true);
          }

          // Clients that connect, send half a request and stall do not stop others being served.
          const stalled: Socket[] = [];
          try {
            for (let i = 0; i < 100; i++) {
              const socket = connect(server.port, '127.0.0.1');
              socket.on('error', () => {});
              socket.write(`POST ${ballotPath} HTTP/1.1\r\n${host}\r\nContent-Length: 1000\r\n`);
              stalled.push(socket);
            }
            const started = Date.now();
            expect(await probe(`${server.url}/readyz`, 5000)).toBe(200);
            seen.push(`served beside 100 stalled clients in ${Date.now() - started} ms`);
          } finally {
            for (const socket of stalled) socket.destroy();
          }

          expect(server.isRunning).toBe(true);
          expect(await probe(`${server.url}/readyz`)).toBe(200);
          // Two requests succeeded on purpose (one ballot each); nothing else was written.
          expect(await count(world, 'ballots')).toBe(ballotsBefore + 2);
          notes.rounds = cases.length + 1;
          notes.notes.push(seen.join('; '));
          if (problems.length > 0)
            notes.notes.push(`FINDING ${problems.map((p) => p.slice(0, 160)).join(' | ')}`);
          expect(problems).toEqual([]);
        },
      ),
    120_000,
  );
});
