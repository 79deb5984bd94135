import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DialectName } from '../../src/db/connect.js';
import { buildApp, type HttpOptions } from '../../src/http/app.js';
import type { Api } from '../../src/http/types.js';
import { createTestContext, type TestContext } from './databases.js';

export interface TestServer {
  /** The server's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  ctx: TestContext;
  /** The app behind it, for `inject` (which skips the socket, and so the response cache). */
  app: Api;
  close(): Promise<void>;
}

/** The built web app the server serves at `/` (`npm run build:web` makes it). */
export const webRoot = resolve(import.meta.dirname, '../../web/dist');

/**
 * The real HTTP server, in this process, on a free loopback port, over a fresh migrated database
 * and a fixed clock that tests move with `ctx.clock.set(iso)`.
 *
 * The HTTP `Date` header follows that clock, as it follows the real clock in production: the web
 * app reads the server's time from it (its countdowns run on the server's clock), and a browser
 * driven by a test lives in real time while the server lives on the test's clock.
 */
export const startTestServer = async (
  options: {
    dialect?: DialectName;
    at?: string;
    http?: Omit<HttpOptions, 'webRoot' | 'logger'>;
    /** Serve the web app (default true); it must have been built. */
    web?: boolean;
  } = {},
): Promise<TestServer> => {
  const web = options.web ?? true;
  if (web && !existsSync(resolve(webRoot, 'index.html'))) {
    throw new Error(`The web app is not built (no ${webRoot}/index.html): run npm run build:web`);
  }
  const ctx = await createTestContext(options.dialect ?? 'sqlite');
  if (options.at) ctx.clock.set(options.at);
  const app = await buildApp(ctx, {
    ...options.http,
    ...(web ? { webRoot } : {}),
    logger: false,
  });
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(ctx.clock.now()).toUTCString());
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    ctx,
    app,
    close: async () => {
      await app.close();
      await ctx.dispose();
    },
  };
};
