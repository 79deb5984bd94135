import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { apiTypesFile, generateApiTypes } from '../../scripts/api-types.js';

/**
 * The web app types every call with web/src/api/schema.ts, generated from the server's OpenAPI
 * document: when a route or schema changes, this fails until the types are generated again, and
 * then the web app's typecheck fails wherever it no longer fits the server.
 */
test('the web app’s API types are those of the server’s OpenAPI document', async () => {
  const committed = readFileSync(apiTypesFile, 'utf8');
  const current = await generateApiTypes();
  expect(
    committed === current,
    'web/src/api/schema.ts is out of date: run `npm run api:types` and fix what the web typecheck then finds',
  ).toBe(true);
});
