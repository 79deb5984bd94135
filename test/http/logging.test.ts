import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { lazyChildLogger } from '../../src/http/logging.js';
import type { Api } from '../../src/http/types.js';
import { createTestContext, dialects, type TestContext } from '../support/databases.js';
import { Browser, PASSWORD } from './support.js';

describe.each(dialects)('logs on %s', (dialect) => {
  let ctx: TestContext;
  let app: Api;
  let lines: string[];
  beforeEach(async () => {
    ctx = await createTestContext(dialect);
    lines = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => lines.push(line) });
    app = await buildApp(ctx, { logger });
  });
  afterEach(async () => {
    await app.close();
    await ctx.dispose();
  });

  it('never contain passwords, session ids or tokens', async () => {
    const alice = new Browser(app);
    await alice.register('alice');
    await alice.logIn('alice', 'a wrong password');
    await alice.logIn('alice');
    const session = alice.session!;
    const { token } = (await alice.post('/api/v1/tokens', {})).json<{ token: string }>();
    await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    await alice.put('/api/v1/me/password', {
      currentPassword: PASSWORD,
      newPassword: 'next secret phrase',
    });

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    for (const secret of [PASSWORD, 'a wrong password', 'next secret phrase', session, token]) {
      expect(log).not.toContain(secret);
    }
  });

  it('redact secrets even when something logs them', () => {
    app.log.info(
      {
        password: 'hunter2 hunter2',
        body: { newPassword: 'swordfish swordfish' },
        req: { headers: { authorization: 'Bearer lot_secret', cookie: 'lottery_session=abc' } },
      },
      'careless',
    );
    const line = lines.find((l) => l.includes('careless'))!;
    expect(line).toContain('[redacted]');
    for (const secret of ['hunter2', 'swordfish', 'lot_secret', 'lottery_session=abc']) {
      expect(line).not.toContain(secret);
    }
  });
});

describe('the per-request logger', () => {
  const setUp = (level: string) => {
    const lines: Record<string, unknown>[] = [];
    const parent = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const child = vi.spyOn(parent, 'child');
    return { lines, child, log: lazyChildLogger(parent, { reqId: 'req-7' }, {}) };
  };

  it('is not built for a request that logs nothing it would write', () => {
    const { lines, child, log } = setUp('warn');
    log.info('incoming request');
    log.debug('details');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('is built once, on the first line written, and binds the request id', () => {
    const { lines, child, log } = setUp('warn');
    log.info('not written');
    log.error({ err: new Error('boom') }, 'request failed');
    log.warn('slow');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([
      { level: 50, reqId: 'req-7', msg: 'request failed', err: { message: 'boom' } },
      { level: 40, reqId: 'req-7', msg: 'slow' },
    ]);
  });

  it('follows a level given to the request alone', () => {
    const { lines, log } = setUp('warn');
    expect(log.level).toBe('warn');
    log.level = 'debug';
    log.debug('now written');
    expect(log.level).toBe('debug');
    expect(lines).toMatchObject([{ level: 20, reqId: 'req-7', msg: 'now written' }]);
  });

  it('gives the request id to its own children', () => {
    const { lines, log } = setUp('info');
    log.child({ step: 'seal' }).info('sealed');
    expect(lines).toMatchObject([{ reqId: 'req-7', step: 'seal', msg: 'sealed' }]);
  });

  it('still writes every request line with its id at info', async () => {
    const ctx = await createTestContext('sqlite');
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
    const app = await buildApp(ctx, { logger });
    try {
      await app.inject({ url: '/api/v1/lotteries' });
      const request = lines.filter((l) => l.reqId !== undefined);
      expect(request.map((l) => l.msg)).toEqual(['incoming request', 'request completed']);
      expect(new Set(request.map((l) => l.reqId)).size).toBe(1);
    } finally {
      await app.close();
      await ctx.dispose();
    }
  });
});
