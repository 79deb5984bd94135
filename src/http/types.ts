import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { AppContext } from '../app/context.js';
import type { HeavyReads } from './heavy-reads.js';
import type { HttpSettings } from './options.js';
import type { ResponseCache } from './response-cache.js';

/** The Fastify instance with TypeBox inference of request and reply types. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What every route plugin is given. */
export interface RouteDeps {
  ctx: AppContext;
  settings: HttpSettings;
  /** Answers kept for anonymous callers: routes mark them, and clear it after writes. */
  responses: ResponseCache;
  /** Slots for the reads that hash a whole draw (the ballot list, proofs). */
  heavyReads: HeavyReads;
}
