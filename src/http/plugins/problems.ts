import type { FastifyRequest } from 'fastify';
import type { HttpSettings } from '../options.js';
import { parseJsonBody } from '../json-body.js';
import { problem, sendProblem, toProblem } from '../problem.js';
import type { Api } from '../types.js';

/**
 * Bodies are JSON or nothing, and every error becomes a problem document: bad input is a 4xx
 * that says what to fix; anything unexpected is a 500 that says nothing about the internals.
 */
export const installProblems = (app: Api, settings: HttpSettings): void => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  // An omitted body is an empty object, so "quantity is optional" and "username is required"
  // read the same whether the client sent {} or nothing.
  app.addHook('preValidation', (request, _reply, done) => {
    if (request.body == null && request.routeOptions.schema?.body) request.body = {};
    done();
  });

  app.setErrorHandler((error, request, reply) => {
    const response = toProblem(error, settings);
    if (response.problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
      response.problem.requestId = request.id;
    }
    return sendProblem(reply, response);
  });
};

/** Remembers the routes, so a known path with the wrong method is a 405 that names the right ones. */
export class RouteTable {
  private readonly routes: { pattern: RegExp; methods: string[] }[] = [];

  add(url: string, method: string | string[]): void {
    if (url.includes('*')) return; // catch-alls would claim every path
    const source = url
      .split('/')
      .map((segment) =>
        segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/');
    this.routes.push({
      pattern: new RegExp(`^${source}$`),
      methods: Array.isArray(method) ? method : [method],
    });
  }

  methodsFor(path: string): string[] {
    const methods = this.routes.filter((r) => r.pattern.test(path)).flatMap((r) => r.methods);
    return [...new Set(methods)].sort();
  }
}

/** Starts recording routes; install before any route. */
export const trackRoutes = (app: Api): RouteTable => {
  const table = new RouteTable();
  app.addHook('onRoute', (route) => table.add(route.url, route.method));
  return table;
};

/** Unknown addresses: the web app's page when there is one, else a 405 or 404 problem. */
export const installNotFound = (
  app: Api,
  table: RouteTable,
  fallback?: (request: FastifyRequest) => string | null,
): void => {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const page = fallback?.(request);
    if (page) return reply.type('text/html').header('cache-control', 'no-cache').sendFile(page);
    const allowed = table.methodsFor(path);
    if (allowed.length > 0) {
      return sendProblem(reply, {
        problem: problem(
          'method-not-allowed',
          `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
        ),
        headers: { allow: allowed.join(', ') },
      });
    }
    return sendProblem(reply, {
      problem: problem('not-found', `There is nothing at ${path}; see /api/docs for the API.`),
      headers: {},
    });
  });
};
