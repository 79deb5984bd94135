import { configSchema } from './config.js';

interface Documented {
  description?: string;
  default?: unknown;
  defaultText?: string;
}

const cell = (value: string) => value.replace(/\|/g, '\\|');

/** A setting's default as the docs show it: the schema's own, or the rule that computes it. */
const defaultOf = (setting: Documented): string =>
  setting.default !== undefined ? String(setting.default) : (setting.defaultText ?? '(none)');

/** Renders docs/configuration.md from the config schema, so the docs cannot drift from the code. */
export const renderConfigurationDocs = (): string => {
  const rows = Object.entries(configSchema.properties).map(([name, schema]) => {
    const setting = schema as Documented;
    return `| \`${name}\` | ${cell(defaultOf(setting))} | ${cell(setting.description ?? '')} |`;
  });
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable. A `.env` file in the working directory is read too',
    '(real environment variables win). Settings are validated at start: a wrong or missing value stops',
    'the service with a message naming each problem (exit code 3). An empty value counts as unset.',
    '',
    'The defaults run the embedded SQLite database under `./data/` with no set-up at all.',
    '',
    '<!-- Generated from the schema in src/config.ts by `npm run docs:config`; a test fails when it is stale. -->',
    '',
    '| Setting | Default | What it does |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
};
