import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../types.js';

/**
 * Serves the built web app. Hashed assets are cached for good; any other page that is not an
 * API address gets index.html, so the app's own router can handle deep links.
 */
export const installWebApp = async (
  app: Api,
  webRoot: string | null,
): Promise<((request: FastifyRequest) => string | null) | undefined> => {
  if (webRoot === null) return undefined;
  const root = resolve(webRoot);
  if (!existsSync(resolve(root, 'index.html'))) {
    app.log.warn({ webRoot: root }, 'no index.html in the web root; the web app is not served');
    return undefined;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    setHeaders: (reply, path) => {
      reply.header(
        'cache-control',
        path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  return (request) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    const isApi = request.url === '/api' || request.url.startsWith('/api/');
    const wantsHtml = request.headers.accept?.includes('text/html') ?? false;
    return isPage && !isApi && wantsHtml ? 'index.html' : null;
  };
};
