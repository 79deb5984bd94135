import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import type { Api } from '../../src/http/types.js';
import { dialects, openSiblingContext } from '../support/databases.js';
import { startApi, type TestApi } from './support.js';

/** Every route the app serves, as `METHOD /path/{param}`, read from Fastify's own route tree. */
const servedRoutes = (app: Api): string[] => {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ├└─]*)(\S+) \(([A-Z, ]+)\)$/.exec(line.trimEnd());
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const path = stack.join('').replace(/:(\w+)/g, '{$1}');
    for (const method of match[3]!.split(', ')) {
      if (method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
};

/** The contract: every route the API promises. */
const contract = [
  'POST /api/v1/participants',
  'POST /api/v1/sessions',
  'DELETE /api/v1/sessions/current',
  'GET /api/v1/me',
  'PUT /api/v1/me/password',
  'POST /api/v1/tokens',
  'GET /api/v1/tokens',
  'DELETE /api/v1/tokens/{id}',
  'GET /api/v1/lotteries',
  'POST /api/v1/lotteries',
  'GET /api/v1/lotteries/{id}',
  'PATCH /api/v1/lotteries/{id}',
  'POST /api/v1/lotteries/{id}/cancel',
  'GET /api/v1/lotteries/{id}/draws',
  'GET /api/v1/lotteries/{id}/draws/{date}',
  'POST /api/v1/lotteries/{id}/ballots',
  'GET /api/v1/me/ballots',
  'GET /api/v1/draws',
  'GET /api/v1/draws/latest-date',
  'GET /api/v1/lotteries/{id}/draws/{date}/ballots',
  'GET /api/v1/lotteries/{id}/draws/{date}/ballots.ndjson',
  'GET /api/v1/ballots/{id}/proof',
  'GET /api/v1/fairness/key',
  'GET /healthz',
  'GET /readyz',
  'GET /api/openapi.json',
];

describe.each(dialects)('operations on %s', (dialect) => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi(dialect);
  });
  afterEach(() => api.close());

  describe('health and readiness', () => {
    it('reports the process alive', async () => {
      const response = await api.app.inject({ url: '/healthz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('reports ready while the database answers', async () => {
      const response = await api.app.inject({ url: '/readyz' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ready' });
    });

    it('reports a 503 problem when the database does not answer', async () => {
      const sibling = openSiblingContext(api.ctx);
      const app = await buildApp(sibling);
      try {
        expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
        await sibling.close();
        const response = await app.inject({ url: '/readyz' });
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('5');
        expect(response.json()).toMatchObject({ code: 'unavailable', status: 503 });
      } finally {
        await app.close();
      }
    });

    it('reports a 503 problem while draining before shutdown', async () => {
      api.app.readiness.draining = true;
      expect((await api.app.inject({ url: '/readyz' })).statusCode).toBe(503);
    });
  });

  describe('the OpenAPI document', () => {
    type Operation = {
      summary?: string;
      tags?: string[];
      responses?: Record<string, unknown>;
      parameters?: { in: string; name: string }[];
    };
    let doc: {
      openapi: string;
      info: { title: string };
      paths: Record<string, Record<string, Operation>>;
    };
    beforeEach(async () => {
      const response = await api.app.inject({ url: '/api/openapi.json' });
      expect(response.statusCode).toBe(200);
      doc = response.json();
    });

    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          route: `${method.toUpperCase()} ${path}`,
          path,
          op,
        })),
      );

    it('is OpenAPI 3.1', () => {
      expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
      expect(doc.info.title).toEqual(expect.any(String));
    });

    it('lists every route of the contract, and every route the app serves', () => {
      const documented = operations().map((o) => o.route);
      expect(documented).toEqual(expect.arrayContaining(contract));
      const served = servedRoutes(api.app).filter((r) => !r.includes(' /api/docs'));
      expect(new Set(documented)).toEqual(new Set(served));
    });

    it('gives every operation a summary, tags, a success response and its path parameters', () => {
      for (const { route, path, op } of operations()) {
        expect(op.summary, route).toEqual(expect.any(String));
        expect(op.tags?.length, route).toBeGreaterThan(0);
        expect(
          Object.keys(op.responses ?? {}).some((s) => s.startsWith('2')),
          route,
        ).toBe(true);
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(op.parameters, route).toContainEqual(
            expect.objectContaining({ in: 'path', name }),
          );
        }
      }
    });

    it('documents refusals as problem documents', () => {
      const refusal = doc.paths['/api/v1/lotteries/{id}/ballots']?.post?.responses?.['409'];
      expect(refusal).toMatchObject({
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      });
    });
  });

  describe('the interactive docs', () => {
    it('are served under a policy that lets them run', async () => {
      const response = await api.app.inject({ url: '/api/docs' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      const script = await api.app.inject({ url: '/api/docs/static/swagger-initializer.js' });
      expect(script.statusCode).toBe(200);
    });
  });

  describe('the web app', () => {
    let webRoot: string;
    let app: Api;
    beforeEach(async () => {
      webRoot = mkdtempSync(join(tmpdir(), 'lottery-web-'));
      mkdirSync(join(webRoot, 'assets'));
      writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Lottery</title>');
      writeFileSync(join(webRoot, 'assets', 'app-1234.js'), 'console.log(1)');
      app = await buildApp(api.ctx, { webRoot });
    });
    afterEach(async () => {
      await app.close();
      rmSync(webRoot, { recursive: true, force: true });
    });

    const page = (url: string) => app.inject({ url, headers: { accept: 'text/html' } });

    it('is served at /', async () => {
      const response = await page('/');
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<title>Lottery</title>');
    });

    it('answers its own pages with index.html', async () => {
      const response = await page('/lotteries/5/draws/2026-03-10');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
    });

    it('serves hashed assets to be cached for good', async () => {
      const response = await app.inject({ url: '/assets/app-1234.js' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toContain('immutable');
    });

    it('leaves unknown API addresses to problem documents', async () => {
      const response = await page('/api/v1/nothing');
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toContain('application/problem+json');
    });
  });
});
