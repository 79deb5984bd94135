import { existsSync } from 'node:fs';
import { isTimeZone } from './domain/index.js';

/**
 * Every setting the service reads, in one table: it validates the environment at start and
 * produces docs/configuration.md (`npm run docs:config`), so the two cannot drift.
 */
interface Setting<T> {
  name: string;
  description: string;
  /** Shown in the docs. */
  defaultText: string;
  parse(raw: string | undefined, env: NodeJS.ProcessEnv): T;
}

class SettingError extends Error {}

const fail = (message: string): never => {
  throw new SettingError(message);
};

const integer =
  (fallback: number, min: number, max: number) =>
  (raw: string | undefined): number => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max)
      fail(`must be a whole number from ${min} to ${max}, not "${raw}"`);
    return n;
  };

const boolean =
  (fallback: boolean | undefined) =>
  (raw: string | undefined): boolean | undefined => {
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    return fail(`must be true or false, not "${raw}"`);
  };

const optionalText = (raw: string | undefined): string | undefined =>
  raw === undefined || raw === '' ? undefined : raw;

export const settings = {
  port: {
    name: 'PORT',
    description: 'TCP port the HTTP server listens on.',
    defaultText: '8080',
    parse: integer(8080, 0, 65535),
  },
  host: {
    name: 'HOST',
    description:
      'Address the HTTP server binds to. Use 0.0.0.0 to accept connections from other machines.',
    defaultText: '127.0.0.1',
    parse: (raw) => optionalText(raw) ?? '127.0.0.1',
  },
  databaseUrl: {
    name: 'DATABASE_URL',
    description:
      'Where data lives: `sqlite:<path>` for the embedded database (created on first start), or `postgres://user:pass@host:port/db` for PostgreSQL (several instances may share it).',
    defaultText: 'sqlite:./data/lottery.db',
    parse: (raw) => {
      const url = optionalText(raw) ?? 'sqlite:./data/lottery.db';
      if (!/^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(url)) {
        fail('must start with sqlite: (then a file path) or postgres://');
      }
      if (url.startsWith('postgres')) {
        try {
          new URL(url);
        } catch {
          fail('is not a valid postgres:// URL');
        }
      }
      return url;
    },
  },
  dbPoolSize: {
    name: 'DB_POOL_SIZE',
    description: 'PostgreSQL connections per instance.',
    defaultText: '10',
    parse: integer(10, 1, 200),
  },
  adminUsername: {
    name: 'LOTTERY_ADMIN_USERNAME',
    description:
      'With LOTTERY_ADMIN_PASSWORD: an admin account created at start if it does not exist yet.',
    defaultText: '(none)',
    parse: optionalText,
  },
  adminPassword: {
    name: 'LOTTERY_ADMIN_PASSWORD',
    description: 'The password of that admin account (only used to create it; never logged).',
    defaultText: '(none)',
    parse: (raw, env) => {
      const password = optionalText(raw);
      if ((password === undefined) !== (optionalText(env.LOTTERY_ADMIN_USERNAME) === undefined)) {
        fail('and LOTTERY_ADMIN_USERNAME must be set together');
      }
      return password;
    },
  },
  demo: {
    name: 'LOTTERY_DEMO',
    description:
      'Create one demo lottery, open from today with no end, so a new user can play at once. Default: on for a brand-new embedded database, off otherwise.',
    defaultText: 'on for a new embedded database',
    parse: boolean(undefined),
  },
  scheduler: {
    name: 'LOTTERY_SCHEDULER',
    description:
      'Run the midnight draw scheduler in this instance. Safe to leave on in every instance.',
    defaultText: 'true',
    parse: (raw) => boolean(true)(raw) ?? true,
  },
  publicUrl: {
    name: 'PUBLIC_URL',
    description:
      'The address users reach the service at (e.g. https://lottery.example.com) when it runs behind a proxy; defines the origin that cookie-authenticated writes must come from.',
    defaultText: '(the request’s own host)',
    parse: (raw) => {
      const url = optionalText(raw);
      if (url === undefined) return undefined;
      try {
        const parsed = new URL(url);
        if (!['http:', 'https:'].includes(parsed.protocol))
          fail('must be an http:// or https:// URL');
        return parsed.origin;
      } catch {
        return fail(`must be an absolute URL such as https://lottery.example.com, not "${url}"`);
      }
    },
  },
  trustProxy: {
    name: 'TRUST_PROXY',
    description: 'Trust X-Forwarded-* headers from a reverse proxy (client address and protocol).',
    defaultText: 'false',
    parse: (raw) => boolean(false)(raw) ?? false,
  },
  logLevel: {
    name: 'LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent.',
    defaultText: 'info',
    parse: (raw) => {
      const level = optionalText(raw) ?? 'info';
      if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(level)) {
        fail('must be one of fatal, error, warn, info, debug, trace, silent');
      }
      return level;
    },
  },
  logFormat: {
    name: 'LOG_FORMAT',
    description:
      '`json` (one JSON object per line) or `pretty` (readable). Default: pretty in a terminal, json otherwise.',
    defaultText: 'auto',
    parse: (raw) => {
      const format = optionalText(raw) ?? (process.stdout.isTTY ? 'pretty' : 'json');
      if (!['json', 'pretty'].includes(format)) fail('must be json or pretty');
      return format as 'json' | 'pretty';
    },
  },
  sessionIdleHours: {
    name: 'SESSION_IDLE_HOURS',
    description: 'A session ends after this many hours without use.',
    defaultText: '168 (7 days)',
    parse: integer(168, 1, 24 * 365),
  },
  sessionMaxDays: {
    name: 'SESSION_MAX_DAYS',
    description: 'A session ends this many days after login, however much it is used.',
    defaultText: '30',
    parse: integer(30, 1, 365),
  },
  credentialCacheMs: {
    name: 'CREDENTIAL_CACHE_MS',
    description:
      'How long an instance may reuse what it looked up about a session cookie or API token. Logouts, revocations and role changes made through that instance apply at once; made elsewhere (another instance, the CLI), within this time. 0 looks every credential up on every request.',
    defaultText: '2000',
    parse: integer(2000, 0, 60_000),
  },
  registrationsPerHour: {
    name: 'RATE_LIMIT_REGISTRATIONS_PER_HOUR',
    description: 'Registrations allowed per client address per hour.',
    defaultText: '20',
    parse: integer(20, 1, 1_000_000),
  },
  failedLoginsPerHour: {
    name: 'RATE_LIMIT_FAILED_LOGINS_PER_HOUR',
    description:
      'Failed logins allowed per client address per hour, across accounts (an IPv6 address counts by its /64). Past it, that address is refused (429) until the hour ends. See docs/reliability.md, "Brute force", for the worst case these limits allow.',
    defaultText: '50',
    parse: integer(50, 1, 1_000_000),
  },
  accountFailures: {
    name: 'RATE_LIMIT_ACCOUNT_FAILURES',
    description:
      'Failed logins allowed for one account from one client address per 15 minutes. Past it, that address is refused for that account until the quarter-hour ends; other addresses are not.',
    defaultText: '10',
    parse: integer(10, 1, 1_000_000),
  },
  accountFailuresPerHour: {
    name: 'RATE_LIMIT_ACCOUNT_FAILURES_PER_HOUR',
    description:
      'Failed logins for one account from all addresses per hour, after which the account is under guard for the rest of the hour: each address may then fail only 3 times per 15 minutes for it. A correct password from an address that has not been failing is never refused.',
    defaultText: '100',
    parse: integer(100, 1, 1_000_000),
  },
  heavyReadsPerClient: {
    name: 'HEAVY_READS_PER_CLIENT',
    description:
      'Whole ballot lists (NDJSON) and inclusion proofs, which hash many ballots each, that one client address may have running at once; more are refused with 429.',
    defaultText: '2',
    parse: integer(2, 1, 1_000),
  },
  heavyReadsTotal: {
    name: 'HEAVY_READS_TOTAL',
    description:
      'Whole ballot lists and inclusion proofs running at once in one instance; more are refused with 503 and Retry-After.',
    defaultText: '4',
    parse: integer(4, 1, 1_000),
  },
  beacon: {
    name: 'LOTTERY_BEACON',
    description:
      'Randomness beacon for provably fair draws: `off` (the committed seed alone), `drand` (drand quicknet over HTTP, see LOTTERY_BEACON_RELAYS), or `file:<path>` (recorded beacons, for tests and offline demos). See docs/fairness.md.',
    defaultText: 'off',
    parse: (raw) => {
      const value = optionalText(raw) ?? 'off';
      if (value === 'off' || value === 'drand') return { kind: value } as const;
      if (value.startsWith('file:') && value.length > 'file:'.length) {
        return { kind: 'file', path: value.slice('file:'.length) } as const;
      }
      return fail('must be off, drand, or file:<path>');
    },
  },
  beaconRelays: {
    name: 'LOTTERY_BEACON_RELAYS',
    description:
      'Comma-separated drand HTTP relays, tried in order (beacons are verified against the pinned quicknet key, so relays need no trust).',
    defaultText: 'https://api.drand.sh,https://drand.cloudflare.com',
    parse: (raw) => {
      const relays = (optionalText(raw) ?? 'https://api.drand.sh,https://drand.cloudflare.com')
        .split(',')
        .map((r) => r.trim());
      for (const relay of relays) {
        if (!/^https?:\/\/[^\s]+$/.test(relay))
          fail(`must list http(s) URLs; "${relay}" is not one`);
      }
      return relays;
    },
  },
  metricsToken: {
    name: 'METRICS_TOKEN',
    description:
      'When set, scraping /metrics needs `Authorization: Bearer <this token>`. Unset: /metrics is open (keep it off the public network).',
    defaultText: '(none)',
    parse: optionalText,
  },
  defaultTimeZone: {
    name: 'LOTTERY_DEMO_TIME_ZONE',
    description: 'Time zone of the demo lottery.',
    defaultText: 'UTC',
    parse: (raw) => {
      const zone = optionalText(raw) ?? 'UTC';
      if (!isTimeZone(zone)) fail(`must be an IANA time zone such as Europe/Paris, not "${zone}"`);
      return zone;
    },
  },
} satisfies Record<string, Setting<unknown>>;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: ReturnType<Settings[K]['parse']> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates every setting, reporting all problems at once. */
export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings) as [string, Setting<unknown>][]) {
    try {
      config[key] = setting.parse(env[setting.name], env);
    } catch (error) {
      if (!(error instanceof SettingError)) throw error;
      problems.push(`${setting.name} ${error.message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config as Config;
};

/** Loads `.env` from the working directory if there is one (real environment variables win). */
export const loadDotEnv = (path = '.env'): void => {
  if (!existsSync(path)) return;
  const before = { ...process.env };
  process.loadEnvFile(path);
  Object.assign(process.env, before);
};
