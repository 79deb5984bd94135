import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../support/cli.ts', import.meta.url));
const password = 'Tr0ub4dor&3-horse-staple';
const newPassword = 'an-even-longer-secret-phrase';
const metricsToken = 'scrape-me-9c1f';

/** A real `lottery serve` process with JSON logs captured, on a fresh embedded database. */
describe('a running service', () => {
  let dir: string;
  let server: ChildProcess;
  let base = '';
  let logs = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-ops-'));
    server = spawn(process.execPath, ['--import', 'tsx', cli, 'serve'], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${join(dir, 'lottery.db')}`,
        PORT: '0',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'debug',
        METRICS_TOKEN: metricsToken,
        LOTTERY_ADMIN_USERNAME: 'root',
        LOTTERY_ADMIN_PASSWORD: password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (d: Buffer) => (logs += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (logs += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!base && Date.now() < deadline) {
      base = /lottery service listening on (http:\/\/[^"\s]+)/.exec(logs)?.[1] ?? '';
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(base, logs).not.toBe('');
  });
  afterAll(() => {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit & { json?: unknown } = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
        origin: base,
        ...(init.headers as Record<string, string> | undefined),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });

  it('never writes a password, token or session id to its logs', async () => {
    expect(
      (
        await call('/api/v1/participants', {
          method: 'POST',
          json: { username: 'alice', password },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('/api/v1/sessions', {
          method: 'POST',
          json: { username: 'alice', password: 'wrong password!' },
        })
      ).status,
    ).toBe(401);
    const login = await call('/api/v1/sessions', {
      method: 'POST',
      json: { username: 'alice', password },
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const sessionId = cookie.split('=')[1]!;
    const created = await call('/api/v1/tokens', { method: 'POST', json: {}, headers: { cookie } });
    const { token } = (await created.json()) as { token: string };
    const lotteries = (await (await call('/api/v1/lotteries')).json()) as {
      lotteries: { id: number }[];
    };
    const lotteryId = lotteries.lotteries[0]!.id;
    for (let i = 0; i < 3; i++) {
      const submitted = await call(`/api/v1/lotteries/${lotteryId}/ballots`, {
        method: 'POST',
        json: { quantity: 2 },
        headers: { authorization: `Bearer ${token}` },
      });
      expect(submitted.status).toBe(201);
    }
    const changed = await call('/api/v1/me/password', {
      method: 'PUT',
      json: { currentPassword: password, newPassword },
      headers: { cookie },
    });
    expect(changed.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // let the last log lines flush

    expect(logs).toContain('"msg":"request completed"');
    for (const secret of [password, newPassword, token, sessionId, 'wrong password!']) {
      expect(logs).not.toContain(secret);
    }
  });

  it('logs structured JSON lines with a request id', () => {
    const lines = logs.split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(5);
    const request = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'request completed');
    expect(request).toMatchObject({ level: 30, reqId: expect.any(String) });
  });

  it('serves Prometheus metrics after traffic, to whoever holds the metrics token', async () => {
    // Read once already; again twice at once: the second comes from the response cache.
    for (let i = 0; i < 2; i++) expect((await fetch(`${base}/api/v1/lotteries`)).status).toBe(200);
    expect((await call('/metrics')).status).toBe(401);
    const scraped = await call('/metrics', {
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await scraped.text();
    expect(text).toMatch(
      /lottery_http_requests_total\{method="POST",route="\/api\/v1\/lotteries\/:id\/ballots",status="201"\} 3/,
    );
    expect(text).toMatch(
      /lottery_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/lotteries"\}/,
    );
    expect(text).toMatch(
      /lottery_http_requests_total\{method="GET",route="\/api\/v1\/lotteries",status="200"\} 3/,
    );
    await new Promise((r) => setTimeout(r, 200)); // let the log lines arrive
    expect(logs).toContain('"msg":"request completed from the response cache"');
    expect(text).toMatch(/lottery_ballots_submitted_total 6/);
    expect(text).toMatch(/lottery_draws_drawn_total 0/);
    expect(text).toMatch(/lottery_db_pool_connections\{state="total"\} 1/);
    expect(text).toMatch(/lottery_process_resident_memory_bytes \d+/);
  });
});
