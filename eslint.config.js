import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
