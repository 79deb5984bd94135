import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
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
