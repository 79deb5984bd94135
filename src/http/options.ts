import type { FastifyBaseLogger } from 'fastify';
import type { Limit } from '../app/rate-limits.js';
import type { HeavyReadLimits } from './heavy-reads.js';
import type { WireLimits } from './wire.js';
import type { SessionPolicy } from '../app/sessions.js';
import { defaultConfig } from '../config.js';
import { defaultLoginLimits, type LoginLimits } from '../domain/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The session lifetime the service runs with when nothing is set (src/config.ts). */
export const defaultSessionPolicy: SessionPolicy = {
  idleMs: defaultConfig.sessionIdleHours * HOUR,
  absoluteMs: defaultConfig.sessionMaxDays * DAY,
};

export interface HttpOptions {
  /**
   * The address users reach the service at (e.g. https://lottery.example.com). Its origin is the
   * one cookie-authenticated writes must come from, and https makes cookies `Secure`. Without it
   * the request's own protocol and host are used.
   */
  publicUrl?: string | undefined;
  /** Trust X-Forwarded-For/-Proto/-Host from a reverse proxy (client address and protocol). */
  trustProxy?: boolean | undefined;
  rateLimits?: {
    /** Registrations per client address per hour (default: RATE_LIMIT_REGISTRATIONS_PER_HOUR's). */
    registrationsPerHour?: number | undefined;
    /** Failed logins per client address per hour, across accounts (default 50). */
    failedLoginsPerHourPerAddress?: number | undefined;
    /** Failed logins for one account from one client address per 15 minutes (default 10). */
    failedLoginsPerAccount?: number | undefined;
    /**
     * Failed logins for one account from all addresses per hour (default 100), after which each
     * address may fail only `guardedFailedLoginsPerAccount` times per 15 minutes for it.
     */
    failedLoginsPerAccountPerHour?: number | undefined;
    /** See `failedLoginsPerAccountPerHour` (default 3). */
    guardedFailedLoginsPerAccount?: number | undefined;
  };
  /** Session lifetime (default: SESSION_IDLE_HOURS' and SESSION_MAX_DAYS'). */
  session?: Partial<SessionPolicy> | undefined;
  /** A pino logger for requests and errors (secrets are redacted), or false/absent for none. */
  logger?: FastifyBaseLogger | false | undefined;
  /** A folder with the built web app, served at / with index.html for unknown pages. */
  webRoot?: string | undefined;
  /** The largest request body accepted, in bytes (default 16 KiB). */
  bodyLimit?: number | undefined;
  /** A request's headers and body must arrive within this many ms (default: REQUEST_TIMEOUT_MS's). */
  requestTimeoutMs?: number | undefined;
  /** Connections open at once; more are closed when accepted (default: MAX_CONNECTIONS's). */
  maxConnections?: number | undefined;
  /**
   * How long public reads (the lottery list, a day's draws) may be answered from memory, in ms
   * (default 0: always read). The server uses 1000.
   */
  readCacheMs?: number | undefined;
  /**
   * How long a resolved session cookie or bearer token may be reused from memory, in ms (default
   * 0: looked up on every request). Logging out, revoking a token or any other account change
   * made through this process takes effect at once; one made elsewhere (another instance, the
   * CLI) within this time. The server uses CREDENTIAL_CACHE_MS.
   */
  credentialCacheMs?: number | undefined;
  /**
   * How many whole ballot lists (NDJSON) and inclusion proofs, which hash many ballots each,
   * may run at once per client address and in the instance (default: HEAVY_READS_PER_CLIENT's
   * and HEAVY_READS_TOTAL's).
   */
  heavyReads?: Partial<HeavyReadLimits> | undefined;
}

/** The options with every default filled in, as the plugins and routes use them. */
export interface HttpSettings {
  publicOrigin: string | null;
  /** Cookies are `Secure` on https requests, and always when the public URL is https. */
  alwaysSecure: boolean;
  session: SessionPolicy;
  login: LoginLimits;
  registrations: Limit;
  bodyLimit: number;
  wire: WireLimits;
  webRoot: string | null;
  readCacheMs: number;
  credentialCacheMs: number;
  heavyReads: HeavyReadLimits;
}

export const resolveSettings = (options: HttpOptions): HttpSettings => {
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : null;
  const limits = options.rateLimits ?? {};
  const bodyLimit = options.bodyLimit ?? 16 * 1024;
  return {
    publicOrigin: publicUrl?.origin ?? null,
    alwaysSecure: publicUrl?.protocol === 'https:',
    session: { ...defaultSessionPolicy, ...definedOnly(options.session ?? {}) },
    login: loginLimits(limits),
    registrations: {
      max: limits.registrationsPerHour ?? defaultConfig.registrationsPerHour,
      windowMs: HOUR,
    },
    bodyLimit,
    wire: {
      bodyLimit,
      requestTimeoutMs: options.requestTimeoutMs ?? defaultConfig.requestTimeoutMs,
      maxConnections: options.maxConnections ?? defaultConfig.maxConnections,
    },
    webRoot: options.webRoot ?? null,
    readCacheMs: options.readCacheMs ?? 0,
    credentialCacheMs: options.credentialCacheMs ?? 0,
    heavyReads: {
      perClient: defaultConfig.heavyReadsPerClient,
      total: defaultConfig.heavyReadsTotal,
      ...definedOnly(options.heavyReads ?? {}),
    },
  };
};

const loginLimits = (limits: NonNullable<HttpOptions['rateLimits']>): LoginLimits => {
  const d = defaultLoginLimits;
  return {
    perAddress: { ...d.perAddress, max: limits.failedLoginsPerHourPerAddress ?? d.perAddress.max },
    perAccountAddress: {
      ...d.perAccountAddress,
      max: limits.failedLoginsPerAccount ?? d.perAccountAddress.max,
    },
    perAccount: { ...d.perAccount, max: limits.failedLoginsPerAccountPerHour ?? d.perAccount.max },
    guardedPerAccountAddress: limits.guardedFailedLoginsPerAccount ?? d.guardedPerAccountAddress,
  };
};

const definedOnly = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
