import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { silentLogger } from '../src/app/context.js';
import { openDatabase } from '../src/db/connect.js';
import { buildApp } from '../src/http/app.js';
import { argon2Hasher, isCommonPassword } from '../src/infra/passwords.js';
import { cryptoRandom, systemClock } from '../src/infra/system.js';

/**
 * The web app's API types, generated from the OpenAPI document the server publishes at
 * /api/openapi.json (itself generated from the schemas that validate requests), so that the web
 * app and the server cannot drift apart: `npm run api:types` writes them, and a test in
 * `npm test` fails when the file differs from what the server's document gives.
 */
export const apiTypesFile = resolve(import.meta.dirname, '../web/src/api/schema.ts');

/** The server's OpenAPI document, from the app built over an empty in-memory database. */
export const openApiDocument = async (): Promise<Record<string, unknown>> => {
  const handle = openDatabase('sqlite::memory:');
  const app = await buildApp({
    db: handle.db,
    dialect: 'sqlite',
    clock: systemClock,
    random: cryptoRandom,
    passwords: argon2Hasher(),
    isCommonPassword,
    beacon: null,
    instanceId: 'openapi',
    log: silentLogger,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await handle.close();
  }
};

/** The text of web/src/api/schema.ts for the server as it is now. */
export const generateApiTypes = async (): Promise<string> => {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())), {
    alphabetize: true,
  });
  const text = [
    '/**',
    ' * Generated from the server’s OpenAPI document by `npm run api:types`: do not edit.',
    ' * A test fails when it no longer matches the server (test/web/api-types.test.ts).',
    ' */',
    '',
    astToString(ast),
  ].join('\n');
  return format(text, { ...(await resolveConfig(apiTypesFile)), filepath: apiTypesFile });
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeFileSync(apiTypesFile, await generateApiTypes());
  console.log(`wrote ${apiTypesFile}`);
}
