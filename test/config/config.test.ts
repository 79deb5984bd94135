import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
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
    expect(problems).toContain('DATABASE_URL must start with sqlite:');
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

  it('is documented in docs/configuration.md, generated from the same table', async () => {
    const expected = await format(renderConfigurationDocs(), {
      parser: 'markdown',
      singleQuote: true,
      printWidth: 100,
    });
    expect(readFileSync('docs/configuration.md', 'utf8')).toBe(expected);
  });
});
