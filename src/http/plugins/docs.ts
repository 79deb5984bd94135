import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { HttpSettings } from '../options.js';
import { ProblemSchema } from '../schemas.js';
import type { Api } from '../types.js';
import { docsPolicy } from './security-headers.js';
import { SESSION_COOKIE } from './auth.js';

/**
 * The OpenAPI 3.1 document, generated from the very schemas that validate requests, and the
 * interactive docs at /api/docs. Must be installed before the routes it describes.
 */
export const installDocs = async (app: Api, settings: HttpSettings): Promise<void> => {
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Lottery API',
        version: '1.0.0',
        description:
          'Daily, provably fair lottery draws. Errors are RFC 9457 problem documents. Writes from a browser session need an Origin header naming this site; bearer tokens do not.',
      },
      ...(settings.publicOrigin ? { servers: [{ url: settings.publicOrigin }] } : {}),
      tags: [
        { name: 'accounts', description: 'Registration, login, sessions and API tokens' },
        { name: 'lotteries', description: 'Lotteries (anyone reads, admins write)' },
        { name: 'ballots', description: 'Your ballots' },
        { name: 'draws', description: 'Draws, winners and fairness records' },
        {
          name: 'fairness',
          description: 'Sealed ballots, inclusion proofs and the receipt key: check draws yourself',
        },
        { name: 'operations', description: 'Health, readiness and this document' },
      ],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: docsPolicy(settings),
  });
};

/** Security requirements for the docs: routes that need a login accept either credential. */
export const needsLogin: Record<string, string[]>[] = [{ session: [] }, { bearer: [] }];
