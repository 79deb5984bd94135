import { afterEach, describe, expect, it } from 'vitest';
import type { HttpOptions } from '../../src/http/app.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { hasResponse, parseResponses, RawClient } from '../support/raw-http.js';

// Connection-level rules, driven over real sockets. Deadlines are made short through the
// settings; every wait is for an event (an answer, the connection's end), never a sleep.

const FIVE_MB = 5 * 1024 * 1024;

const head = (lines: string[]) => `${lines.join('\r\n')}\r\n\r\n`;

const registration = (length: number, extra: string[] = []) =>
  head([
    'POST /api/v1/participants HTTP/1.1',
    'Host: 127.0.0.1',
    'Origin: http://127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...extra,
  ]);

/** Sends `bytes` of body as fast as the socket takes them. */
const upload = async (client: RawClient, bytes: number) => {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  for (let sent = 0; sent < bytes; sent += chunk.length) {
    await client.write(chunk.subarray(0, Math.min(chunk.length, bytes - sent)));
  }
};

const problemOf = (body: string) => JSON.parse(body) as { code: string; status: number };

describe('the wire', () => {
  let server: TestServer | undefined;
  const clients: RawClient[] = [];
  const start = async (http: Omit<HttpOptions, 'webRoot' | 'logger'>) => {
    server = await startTestServer({ web: false, http });
    return server;
  };
  const open = async () => {
    const client = await RawClient.connect(server!.url);
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await server?.close();
    server = undefined;
  });

  describe('a request that does not arrive in time', () => {
    it('is answered 408 with a problem document when its body trickles in, and closed', async () => {
      await start({ requestTimeoutMs: 300 });
      const client = await open();
      await client.write(registration(40));
      await client.write('{"username":'); // …and nothing more

      const text = await client.untilClosed();
      const [answer, ...more] = parseResponses(text);
      expect(answer).toMatchObject({
        status: 408,
        headers: { 'content-type': 'application/problem+json', connection: 'close' },
      });
      expect(problemOf(answer!.body)).toMatchObject({ status: 408, code: 'request-timeout' });
      expect(more).toEqual([]);
    });

    it('is answered 408 when its headers never end (a slowloris)', async () => {
      await start({ requestTimeoutMs: 300 });
      const client = await open();
      await client.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a');

      const [answer] = parseResponses(await client.untilClosed());
      expect(answer?.status).toBe(408);
      expect(problemOf(answer!.body).code).toBe('request-timeout');
    });

    it('does not cut a request that arrived in time, nor the connection kept alive after it', async () => {
      await start({ requestTimeoutMs: 60_000 });
      const client = await open();
      await client.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1']));
      await client.until((text) => hasResponse(text), 'the answer');
      await client.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1']));
      const text = await client.until((t) => hasResponse(t, 2), 'the second answer');
      expect(parseResponses(text).map((r) => r.status)).toEqual([200, 200]);
      expect(client.isClosed).toBe(false);
    });
  });

  describe('the Host header', () => {
    it('may be absent in HTTP/1.0, as some health checkers send it', async () => {
      await start({});
      const client = await open();
      await client.write('GET /healthz HTTP/1.0\r\n\r\n');
      expect(parseResponses(await client.untilClosed())[0]?.status).toBe(200);
    });

    it('is refused with a 400 problem when it names no host', async () => {
      await start({});
      const client = await open();
      await client.write(head(['GET /healthz HTTP/1.1', 'Host: exa mple']));
      const text = await client.until((t) => hasResponse(t), 'the answer');
      const [answer] = parseResponses(text);
      expect(answer?.status).toBe(400);
      expect(problemOf(answer!.body).code).toBe('bad-request');
    });
  });

  describe('open connections', () => {
    it('are capped: one past the cap is closed at once, and a freed place is taken again', async () => {
      const { app } = await start({ maxConnections: 2 });
      const closedOnServer: Promise<void>[] = [];
      app.server.on('connection', (socket) =>
        closedOnServer.push(new Promise((resolve) => socket.once('close', () => resolve()))),
      );
      const first = await open();
      const second = await open();
      for (const client of [first, second]) {
        // A full answer proves the server took the connection in.
        await client.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1']));
        await client.until((text) => hasResponse(text), 'the answer');
      }

      const third = await open();
      expect(await third.untilClosed()).toBe('');

      first.destroy();
      await closedOnServer[0];
      const fourth = await open();
      await fourth.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1']));
      const text = await fourth.until((t) => hasResponse(t), 'the answer');
      expect(parseResponses(text)[0]?.status).toBe(200);
    });
  });

  describe('a body over the limit', () => {
    it('is refused with 413 instead of 100 Continue, so the client never starts the upload', async () => {
      await start({});
      const client = await open();
      await client.write(registration(FIVE_MB, ['Expect: 100-continue']));

      const text = await client.until((t) => hasResponse(t), 'an answer');
      const [answer] = parseResponses(text);
      expect(answer?.status).toBe(413);
      expect(problemOf(answer!.body)).toMatchObject({ code: 'payload-too-large' });
    });

    it('still gets its 413 to a client that uploads everything before it reads', async () => {
      await start({});
      const client = await open();
      // Like curl in the middle of an upload: it reads the answer only once it has sent it all.
      client.pauseReading();
      await client.write(registration(FIVE_MB));
      await upload(client, FIVE_MB);
      client.resumeReading();

      const text = await client.until((t) => hasResponse(t), 'the 413');
      expect(parseResponses(text)[0]?.status).toBe(413);
      expect(client.error).toBeUndefined();
      // The body was read to its end, so the connection carries the next request.
      await client.write(head(['GET /healthz HTTP/1.1', 'Host: 127.0.0.1']));
      const both = await client.until((t) => hasResponse(t, 2), 'the next answer');
      expect(parseResponses(both).map((r) => r.status)).toEqual([413, 200]);
    });

    it('is drained only until the request deadline, then the connection closes without a second answer', async () => {
      await start({ requestTimeoutMs: 300 });
      const client = await open();
      await client.write(registration(FIVE_MB));
      await client.write('{"username":"a'); // …and the rest never comes

      const text = await client.untilClosed();
      expect(parseResponses(text).map((r) => r.status)).toEqual([413]);
    });
  });
});
