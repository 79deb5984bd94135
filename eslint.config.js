import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const BALLOTS_STORED_IN_ONE_PLACE =
  'Store ballots through src/db/repositories/ballots.ts only: on SQLite a row is a run, numbered after the last one (ADR 0016).';

export default tseslint.config(
  { ignores: ['dist/', 'web/dist/', 'node_modules/', 'data/', 'bench/results/', 'bin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Randomness comes from the RandomSource port (the OS CSPRNG in production), never from
    // Math.random, anywhere in the service. (The domain's own block below repeats it.)
    files: ['src/**/*.ts', 'web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a RandomSource or node:crypto.' },
      ],
    },
  },
  {
    // (Before the domain's rules, which set no-restricted-syntax for their files.)
    // On SQLite a ballots row is a run whose id must be named, after the last run (ADR 0016):
    // a row stored anywhere else would get a number inside that run.
    files: ['src/**/*.ts'],
    ignores: ['src/db/repositories/ballots.ts', 'src/db/migrations/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='insertInto'][arguments.0.value='ballots']",
          message: BALLOTS_STORED_IN_ONE_PLACE,
        },
        {
          selector: 'TemplateElement[value.raw=/insert\\s+into\\s+"?ballots\\b/i]',
          message: BALLOTS_STORED_IN_ONE_PLACE,
        },
        {
          selector: 'Literal[value=/insert\\s+into\\s+"?ballots\\b/i]',
          message: BALLOTS_STORED_IN_ONE_PLACE,
        },
      ],
    },
  },
  {
    // The domain is pure: no I/O, no frameworks, no ambient randomness.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'crypto', 'http', 'net'],
              message: 'The domain is pure: no Node I/O or crypto.',
            },
            {
              group: [
                'fastify',
                'fastify/*',
                '@fastify/*',
                'kysely',
                'pg',
                'better-sqlite3',
                'pino',
              ],
              message: 'The domain must not depend on frameworks or databases.',
            },
            {
              group: ['../app/*', '../db/*', '../http/*', '../cli/*', '../fairness/*'],
              message: 'The domain depends on nothing else in src/.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Take time from a Clock or a `now` argument.',
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use a RandomSource.' },
        { object: 'Date', property: 'now', message: 'Use a Clock.' },
      ],
    },
  },
  {
    files: ['src/fairness/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*'],
              message: 'The fairness protocol stands alone so it can be published on its own.',
            },
          ],
        },
      ],
    },
  },
);
