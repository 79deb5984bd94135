import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkServiceConfig, ConfigError, configSchema, loadConfig } from '../../src/config.js';
import { renderConfigurationDocs } from '../../src/config-docs.js';
import { format } from 'prettier';

describe('configuration', () => {
  it('runs the embedded database with no settings at all', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:./data/lottery.db',
      scheduler: true,
      trustProxy: false,
    });
    expect(config.demo).toBeUndefined();
  });

  it('names every wrong setting at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        LOTTERY_DEMO: 'maybe',
        PUBLIC_URL: 'nope',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT must be a whole number from 0 to 65535, not "eighty"');
    expect(problems).toContain(
      'DATABASE_URL must be a URL starting with sqlite: (then a file path) or postgres://, not "mysql://x"',
    );
    expect(problems).toContain('LOTTERY_DEMO must be true or false');
    expect(problems).toContain('PUBLIC_URL must be an absolute URL');
  });

  it('requires the admin username and password together', () => {
    expect(() => loadConfig({ LOTTERY_ADMIN_USERNAME: 'root' })).toThrow(
      /LOTTERY_ADMIN_PASSWORD and LOTTERY_ADMIN_USERNAME must be set together/,
    );
    expect(
      loadConfig({ LOTTERY_ADMIN_USERNAME: 'root', LOTTERY_ADMIN_PASSWORD: 'a long secret' }),
    ).toMatchObject({
      adminUsername: 'root',
    });
  });

  it('accepts PostgreSQL URLs and reduces PUBLIC_URL to its origin', () => {
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://u:p@db:5432/lottery',
        PUBLIC_URL: 'https://lottery.example.com/',
      }),
    ).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/lottery',
      publicUrl: 'https://lottery.example.com',
    });
  });

  it('counts an empty value as unset, and reads numbers and switches from text', () => {
    expect(
      loadConfig({ PORT: '', PUBLIC_URL: '', DB_POOL_SIZE: '25', TRUST_PROXY: 'yes' }),
    ).toMatchObject({ port: 8080, publicUrl: undefined, dbPoolSize: 25, trustProxy: true });
    expect(() => loadConfig({ DB_POOL_SIZE: '2.5' })).toThrow(
      /DB_POOL_SIZE must be a whole number from 1 to 200, not "2.5"/,
    );
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"/,
    );
  });

  it('checks time zones, beacons and relay lists by what they mean', () => {
    let error: unknown;
    try {
      loadConfig({
        LOTTERY_DEMO_TIME_ZONE: 'Mars/Olympus',
        LOTTERY_BEACON: 'sometimes',
        LOTTERY_BEACON_RELAYS: 'https://a.example, ftp://b.example',
      });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems).toEqual([
      'LOTTERY_DEMO_TIME_ZONE must be an IANA time zone such as Europe/Paris, not "Mars/Olympus"',
      'LOTTERY_BEACON must be off, drand, or file:<path>, not "sometimes"',
      'LOTTERY_BEACON_RELAYS must be a comma-separated list of http(s) URLs, not "https://a.example, ftp://b.example"',
    ]);
    expect(
      loadConfig({
        LOTTERY_BEACON: 'file:beacons.json',
        LOTTERY_BEACON_RELAYS: ' https://a.example , http://b.example',
      }),
    ).toMatchObject({
      beacon: { kind: 'file', path: 'beacons.json' },
      beaconRelays: ['https://a.example', 'http://b.example'],
    });
  });

  it('lets the service start in production only with an explicit public address', () => {
    expect(() => checkServiceConfig(loadConfig({ NODE_ENV: 'production' }))).toThrow(
      /PUBLIC_URL must be set when NODE_ENV is production/,
    );
    expect(() =>
      checkServiceConfig(
        loadConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://lottery.example.com' }),
      ),
    ).not.toThrow();
    expect(() => checkServiceConfig(loadConfig({}))).not.toThrow();
  });

  it('describes every setting and says what it defaults to', () => {
    for (const [name, setting] of Object.entries(configSchema.properties)) {
      const documented = setting as {
        description?: string;
        default?: unknown;
        defaultText?: string;
      };
      expect(documented.description, name).toMatch(/\S{3}/);
      const defaultShown = documented.default !== undefined || documented.defaultText !== undefined;
      const optional = !(configSchema.required as readonly string[]).includes(name);
      expect(defaultShown || optional, name).toBe(true);
    }
  });

  it('is documented in docs/configuration.md, generated from the same table', async () => {
    const expected = await format(renderConfigurationDocs(), {
      parser: 'markdown',
      singleQuote: true,
      printWidth: 100,
    });
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(expected);
  });
});
