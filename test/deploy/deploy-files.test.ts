import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs on the project's machines, so the deployment files are checked statically.
describe('the Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');

  it('has no problems that dockerfile-utils reports', () => {
    expect(validate(dockerfile).map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  it('builds in one stage and runs as a non-root user in a second, small one', () => {
    const stages = dockerfile.match(/^FROM .*/gm) ?? [];
    expect(stages).toHaveLength(2);
    expect(stages[1]).toMatch(/-slim$/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*readyz/m);
  });

  it('runs on the Node.js line that .nvmrc names, with no compiler installed', () => {
    const major = readFileSync('.nvmrc', 'utf8').trim();
    const stages = dockerfile.match(/^FROM .*/gm) ?? [];
    for (const stage of stages)
      expect(stage).toMatch(new RegExp(`^FROM node:${major}-bookworm-slim`));
    expect(dockerfile).not.toMatch(/g\+\+|python3|build-essential/);
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
    services: Record<
      string,
      { environment?: Record<string, string>; healthcheck?: unknown; depends_on?: unknown }
    >;
  };

  it('runs the app on PostgreSQL, started once the database is healthy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'db']);
    expect(compose.services.app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/.*@db:5432\//);
    expect(compose.services.app?.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(compose.services.db?.healthcheck).toBeDefined();
  });

  it('takes the database password from the environment, the same for the database and the app', () => {
    expect(compose.services.db?.environment?.POSTGRES_PASSWORD).toBe(
      '${POSTGRES_PASSWORD:-lottery}',
    );
    expect(compose.services.app?.environment?.DATABASE_URL).toContain(
      ':${POSTGRES_PASSWORD:-lottery}@db:5432/',
    );
    expect(compose.services.db).not.toHaveProperty('ports');
  });
});
