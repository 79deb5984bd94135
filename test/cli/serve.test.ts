import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/processes.js';
import { hasResponse, parseResponses, RawClient } from '../support/raw-http.js';
import { ServerProcess } from '../support/server-process.js';

// `lottery serve` as an operator starts it: a real process, configured through its settings.
describe('lottery serve', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lottery-serve-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 at once, saying why, when its port is taken', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      // The process must end by itself: a supervisor only notices a process that exits.
      const result = await runCli(['serve'], {
        DATABASE_URL: `sqlite:${join(dir, 'taken.db')}`,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOTTERY_DEMO: 'false',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `cannot listen on 127.0.0.1:${port}: the port is already in use`,
      );
    } finally {
      squatter.close();
    }
  });

  it('answers a request that trickles in past REQUEST_TIMEOUT_MS with a 408 problem', async () => {
    const server = await ServerProcess.start({
      databaseUrl: `sqlite:${join(dir, 'deadline.db')}`,
      name: 'deadline',
      env: { REQUEST_TIMEOUT_MS: '500', LOG_LEVEL: 'warn' },
    });
    try {
      const client = await RawClient.connect(server.url);
      await client.write(
        'POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
          'Content-Length: 100\r\n\r\n{"username":',
      );
      const text = await client.untilClosed();
      expect(hasResponse(text)).toBe(true);
      const [answer] = parseResponses(text);
      expect(answer?.status).toBe(408);
      expect(JSON.parse(answer!.body)).toMatchObject({ code: 'request-timeout', status: 408 });
    } finally {
      await server.stop();
    }
  });
});
