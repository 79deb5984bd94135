import { existsSync } from 'node:fs';
import type { Ajv, ErrorObject } from 'ajv';
import envSchema from 'env-schema';
import { Type, type Static, type TSchema } from 'typebox';
import { defaultLoginLimits, isTimeZone } from './domain/index.js';

/**
 * Every setting the service reads, in one schema: its type, limits, default and description.
 * The environment is validated against it at start (env-schema: all problems at once), and
 * docs/configuration.md is generated from it (`npm run docs:config`), so code, defaults and docs
 * cannot drift. Add a setting here, map it in `toConfig`, and run `npm run docs:config`.
 *
 * Two annotations beside the standard keywords: `expected` says what a valid value looks like
 * (it ends the error message), and `defaultText` documents a default computed at run time.
 */

const count = (description: string, defaultValue: number, minimum: number, maximum: number) =>
  Type.Integer({ description, default: defaultValue, minimum, maximum });

const text = (description: string, options: { defaultText?: string } = {}) =>
  Type.Optional(Type.String({ description, ...options }));

const FLAG_VALUES = ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'] as const;
const flag = (description: string, options: { default?: boolean; defaultText?: string } = {}) =>
  Type.Optional(
    Type.Enum(FLAG_VALUES, {
      description,
      expected: 'true or false (or 1/0, yes/no, on/off)',
      ...(options.default !== undefined ? { default: String(options.default) } : {}),
      ...(options.defaultText !== undefined ? { defaultText: options.defaultText } : {}),
    }),
  );

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DRAND_RELAYS = 'https://api.drand.sh,https://drand.cloudflare.com';
const HTTP_URL = '^https?://[^\\s,]+$';

export const configSchema = Type.Object(
  {
    PORT: count('TCP port the HTTP server listens on.', 8080, 0, 65535),
    HOST: Type.String({
      description:
        'Address the HTTP server binds to. Use 0.0.0.0 to accept connections from other machines.',
      default: '127.0.0.1',
      minLength: 1,
    }),
    DATABASE_URL: Type.String({
      description:
        'Where data lives: `sqlite:<path>` for the embedded database (created on first start), or `postgres://user:pass@host:port/db` for PostgreSQL (several instances may share it).',
      default: 'sqlite:./data/lottery.db',
      format: 'database-url',
      expected: 'a URL starting with sqlite: (then a file path) or postgres://',
    }),
    DB_POOL_SIZE: count('PostgreSQL connections per instance.', 10, 1, 200),
    LOTTERY_ADMIN_USERNAME: text(
      'With LOTTERY_ADMIN_PASSWORD: an admin account created at start if it does not exist yet.',
    ),
    LOTTERY_ADMIN_PASSWORD: text(
      'The password of that admin account (only used to create it; never logged).',
    ),
    LOTTERY_DEMO: flag(
      'Create one demo lottery, open from today with no end, so a new user can play at once. Default: on for a brand-new embedded database, off otherwise.',
      { defaultText: 'on for a new embedded database' },
    ),
    LOTTERY_DEMO_TIME_ZONE: Type.String({
      description: 'Time zone of the demo lottery.',
      default: 'UTC',
      format: 'time-zone',
      expected: 'an IANA time zone such as Europe/Paris',
    }),
    LOTTERY_SCHEDULER: flag(
      'Run the midnight draw scheduler in this instance. Safe to leave on in every instance.',
      { default: true },
    ),
    PUBLIC_URL: Type.Optional(
      Type.String({
        description:
          'The address users reach the service at (e.g. https://lottery.example.com); defines the origin that cookie-authenticated writes must come from, and https makes cookies `Secure`. Required when NODE_ENV is `production`; otherwise the request’s own host is trusted, which is only safe on a private network.',
        defaultText: '(the request’s own host)',
        format: 'http-url',
        expected: 'an absolute URL such as https://lottery.example.com',
      }),
    ),
    TRUST_PROXY: flag(
      'Trust X-Forwarded-* headers from a reverse proxy (client address and protocol).',
      { default: false },
    ),
    LOG_LEVEL: Type.Enum(LOG_LEVELS, {
      description: `How much to log: ${LOG_LEVELS.join(', ')}.`,
      default: 'info',
    }),
    LOG_FORMAT: Type.Optional(
      Type.Enum(['json', 'pretty'], {
        description:
          '`json` (one JSON object per line) or `pretty` (readable). Default: pretty in a terminal, json otherwise.',
        defaultText: 'auto',
      }),
    ),
    SESSION_IDLE_HOURS: count(
      'A session ends after this many hours without use (168 is 7 days).',
      168,
      1,
      24 * 365,
    ),
    SESSION_MAX_DAYS: count(
      'A session ends this many days after login, however much it is used.',
      30,
      1,
      365,
    ),
    REQUEST_TIMEOUT_MS: count(
      'A request’s headers and body must have arrived this many milliseconds after it began; a slower one is answered 408 and its connection closed. Bounds how long a slow or stalled client holds a connection.',
      30_000,
      100,
      3_600_000,
    ),
    MAX_CONNECTIONS: count(
      'Connections one instance keeps open at once; more are closed as soon as they are accepted (and logged). Keep it below the process’s open-file limit (`ulimit -n`).',
      2000,
      1,
      1_000_000,
    ),
    CREDENTIAL_CACHE_MS: count(
      'How long an instance may reuse what it looked up about a session cookie or API token. Logouts, revocations and role changes made through that instance apply at once; made elsewhere (another instance, the CLI), within this time. 0 looks every credential up on every request.',
      2000,
      0,
      60_000,
    ),
    RATE_LIMIT_REGISTRATIONS_PER_HOUR: count(
      'Registrations allowed per client address per hour.',
      20,
      1,
      1_000_000,
    ),
    RATE_LIMIT_FAILED_LOGINS_PER_HOUR: count(
      'Failed logins allowed per client address per hour, across accounts (an IPv6 address counts by its /64). Past it, that address is refused (429) until the hour ends. See docs/reliability.md, "Brute force", for the worst case these limits allow.',
      defaultLoginLimits.perAddress.max,
      1,
      1_000_000,
    ),
    RATE_LIMIT_ACCOUNT_FAILURES: count(
      'Failed logins allowed for one account from one client address per 15 minutes. Past it, that address is refused for that account until the quarter-hour ends; other addresses are not.',
      defaultLoginLimits.perAccountAddress.max,
      1,
      1_000_000,
    ),
    RATE_LIMIT_ACCOUNT_FAILURES_PER_HOUR: count(
      `Failed logins for one account from all addresses per hour, after which the account is under guard for the rest of the hour: each address may then fail only ${defaultLoginLimits.guardedPerAccountAddress} times per 15 minutes for it. A correct password from an address that has not been failing is never refused.`,
      defaultLoginLimits.perAccount.max,
      1,
      1_000_000,
    ),
    HEAVY_READS_PER_CLIENT: count(
      'Whole ballot lists (NDJSON) and inclusion proofs, which hash many ballots each, that one client address may have running at once; more are refused with 429.',
      2,
      1,
      1_000,
    ),
    HEAVY_READS_TOTAL: count(
      'Whole ballot lists and inclusion proofs running at once in one instance; more are refused with 503 and Retry-After.',
      4,
      1,
      1_000,
    ),
    LOTTERY_BEACON: Type.String({
      description:
        'Randomness beacon for provably fair draws: `off` (the committed seed alone), `drand` (drand quicknet over HTTP, see LOTTERY_BEACON_RELAYS), or `file:<path>` (recorded beacons, for tests and offline demos). See docs/fairness.md.',
      default: 'off',
      pattern: '^(off|drand|file:.+)$',
      expected: 'off, drand, or file:<path>',
    }),
    LOTTERY_BEACON_RELAYS: Type.String({
      description:
        'Comma-separated drand HTTP relays, tried in order (beacons are verified against the pinned quicknet key, so relays need no trust).',
      default: DRAND_RELAYS,
      pattern: `^\\s*${HTTP_URL.slice(1, -1)}\\s*(,\\s*${HTTP_URL.slice(1, -1)}\\s*)*$`,
      expected: 'a comma-separated list of http(s) URLs',
    }),
    METRICS_TOKEN: text(
      'When set, scraping /metrics needs `Authorization: Bearer <this token>`. Unset: /metrics is open (keep it off the public network).',
    ),
    NODE_ENV: text(
      'Set to `production` in deployments (the container image does): the service then refuses to start without PUBLIC_URL.',
    ),
  },
  {
    // The admin account needs both; either alone is a mistake worth stopping for.
    dependencies: {
      LOTTERY_ADMIN_USERNAME: ['LOTTERY_ADMIN_PASSWORD'],
      LOTTERY_ADMIN_PASSWORD: ['LOTTERY_ADMIN_USERNAME'],
    },
  },
);

type Environment = Static<typeof configSchema>;

const isFlagOn = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : ['true', '1', 'yes', 'on'].includes(value);

const beaconOf = (value: string) =>
  value === 'off' || value === 'drand'
    ? ({ kind: value } as const)
    : ({ kind: 'file', path: value.slice('file:'.length) } as const);

/** The validated environment, in the shape the code uses. */
const toConfig = (env: Environment) => ({
  port: env.PORT,
  host: env.HOST,
  databaseUrl: env.DATABASE_URL,
  dbPoolSize: env.DB_POOL_SIZE,
  adminUsername: env.LOTTERY_ADMIN_USERNAME,
  adminPassword: env.LOTTERY_ADMIN_PASSWORD,
  /** Undefined: decided by whether the embedded database is brand new. */
  demo: isFlagOn(env.LOTTERY_DEMO),
  defaultTimeZone: env.LOTTERY_DEMO_TIME_ZONE,
  scheduler: isFlagOn(env.LOTTERY_SCHEDULER) ?? true,
  /** Reduced to its origin (https://host[:port]). */
  publicUrl: env.PUBLIC_URL === undefined ? undefined : new URL(env.PUBLIC_URL).origin,
  trustProxy: isFlagOn(env.TRUST_PROXY) ?? false,
  logLevel: env.LOG_LEVEL,
  /** Undefined: pretty in a terminal, json otherwise (decided where the logger is made). */
  logFormat: env.LOG_FORMAT,
  sessionIdleHours: env.SESSION_IDLE_HOURS,
  sessionMaxDays: env.SESSION_MAX_DAYS,
  requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
  maxConnections: env.MAX_CONNECTIONS,
  credentialCacheMs: env.CREDENTIAL_CACHE_MS,
  registrationsPerHour: env.RATE_LIMIT_REGISTRATIONS_PER_HOUR,
  failedLoginsPerHour: env.RATE_LIMIT_FAILED_LOGINS_PER_HOUR,
  accountFailures: env.RATE_LIMIT_ACCOUNT_FAILURES,
  accountFailuresPerHour: env.RATE_LIMIT_ACCOUNT_FAILURES_PER_HOUR,
  heavyReadsPerClient: env.HEAVY_READS_PER_CLIENT,
  heavyReadsTotal: env.HEAVY_READS_TOTAL,
  beacon: beaconOf(env.LOTTERY_BEACON),
  beaconRelays: env.LOTTERY_BEACON_RELAYS.split(',').map((relay) => relay.trim()),
  metricsToken: env.METRICS_TOKEN,
  production: env.NODE_ENV === 'production',
});

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const isDatabaseUrl = (value: string): boolean => {
  if (/^sqlite:.+$/.test(value)) return true;
  if (!/^postgres(ql)?:\/\/.+$/.test(value)) return false;
  return URL.canParse(value);
};

const isHttpUrl = (value: string): boolean =>
  URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol);

/** env-schema's own validator (coerces numbers, fills in defaults, reports every error), taught
 * the formats and annotations this schema uses. */
const withOurKeywords = (ajv: Ajv): Ajv => {
  ajv.addFormat('database-url', isDatabaseUrl);
  ajv.addFormat('http-url', isHttpUrl);
  ajv.addFormat('time-zone', isTimeZone);
  ajv.addKeyword({ keyword: 'expected', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'defaultText', schemaType: 'string' });
  return ajv;
};

/** What a setting expects, said the way an operator reads it. */
const expectation = (schema: TSchema & Record<string, unknown>): string => {
  if (typeof schema.expected === 'string') return schema.expected;
  if (schema.type === 'integer') {
    return `a whole number from ${String(schema.minimum)} to ${String(schema.maximum)}`;
  }
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  return 'a non-empty text';
};

/** One line per wrong setting: its name, what it expects, and what it got. */
const describeErrors = (errors: ErrorObject[], env: Record<string, string>): string[] => {
  const problems = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'dependencies') {
      const { property, missingProperty } = error.params as Record<string, string>;
      const pair = [property, missingProperty].sort();
      problems.add(`${pair[0]} and ${pair[1]} must be set together`);
      continue;
    }
    const name = error.instancePath.split('/')[1];
    if (name === undefined) continue;
    const schema = configSchema.properties[name as keyof Environment] as unknown as TSchema &
      Record<string, unknown>;
    problems.add(`${name} must be ${expectation(schema)}, not "${env[name] ?? ''}"`);
  }
  return [...problems];
};

/**
 * Reads and validates every setting, reporting all problems at once. An empty value counts as
 * unset, as shells and compose files write it (`PUBLIC_URL=`).
 */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const given = Object.fromEntries(
    Object.keys(configSchema.properties)
      .map((name) => [name, env[name]] as const)
      .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
  try {
    const parsed = envSchema<Environment>({
      schema: structuredClone(configSchema),
      env: false,
      data: [{ ...given }],
      ajv: { customOptions: withOurKeywords },
    });
    return toConfig(parsed);
  } catch (error) {
    const errors = (error as { errors?: ErrorObject[] }).errors;
    if (!Array.isArray(errors)) throw error;
    throw new ConfigError(describeErrors(errors, given));
  }
};

/**
 * What `serve` needs beyond valid settings. In production the origin that cookie-authenticated
 * writes must come from is never taken from the request's Host header, which the client writes.
 */
export const checkServiceConfig = (config: Config): void => {
  if (config.production && config.publicUrl === undefined) {
    throw new ConfigError([
      'PUBLIC_URL must be set when NODE_ENV is production: it is the address users reach the service at (e.g. https://lottery.example.com), and the only origin cookie-authenticated writes are accepted from',
    ]);
  }
};

/** What the service runs with when nothing is set; components built without a config use it. */
export const defaultConfig: Readonly<Config> = Object.freeze(loadConfig({}));

/** Loads `.env` from the working directory if there is one (real environment variables win). */
export const loadDotEnv = (path = '.env'): void => {
  if (!existsSync(path)) return;
  const before = { ...process.env };
  process.loadEnvFile(path);
  Object.assign(process.env, before);
};
