import { settings } from './config.js';

/** Renders docs/configuration.md from the settings table, so the docs cannot drift from the code. */
export const renderConfigurationDocs = (): string => {
  const rows = Object.values(settings).map(
    (s) =>
      `| \`${s.name}\` | ${s.defaultText.replace(/\|/g, '\\|')} | ${s.description.replace(/\|/g, '\\|')} |`,
  );
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable. A `.env` file in the working directory is read too',
    '(real environment variables win). Settings are validated at start: a wrong or missing value stops',
    'the service with a message naming each problem (exit code 3).',
    '',
    'The defaults run the embedded SQLite database under `./data/` with no set-up at all.',
    '',
    '<!-- Generated from src/config.ts by `npm run docs:config`; a test fails when it is stale. -->',
    '',
    '| Setting | Default | What it does |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
};
