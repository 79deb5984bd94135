/**
 * The long reliability soak: the scenarios of `npx vitest run test/reliability` and of
 * `npm run test:outage`, with many more rounds (crash rounds, midnights, outages, fuzz runs), and
 * the table written into docs/reliability.md.
 *
 *   npm run soak                      # everything, report into docs/reliability.md
 *   npm run soak -- crash-load        # only the files whose name matches (vitest filters)
 *   npm run soak -- --report out.md   # the table somewhere else
 *
 * Runs as root (the disk-full scenario mounts a tmpfs; the outage scenario stops and starts the
 * local PostgreSQL, so nothing else should use that server meanwhile). Every scenario bounds its
 * own rounds and time; the whole soak takes about 12 minutes on two cores.
 */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
let report = resolve(root, 'docs/reliability.md');
const filters: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--report') report = resolve(args[++i] ?? 'reliability.md');
  else filters.push(args[i]!);
}

const runId = `soak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
const started = Date.now();
process.stdout.write(`Soak ${runId}: report into ${report}\n`);

const child = spawn(
  process.execPath,
  [
    resolve(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    // Vitest ORs its filters: each one narrowed to this suite.
    ...(filters.length > 0 ? filters.map((f) => `test/reliability/${f}`) : ['test/reliability']),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      RELIABILITY_PROFILE: 'soak',
      RELIABILITY_RUN_ID: runId,
      RELIABILITY_REPORT: report,
      RELIABILITY_COMMAND: `npm run soak${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    },
  },
);
child.on('exit', (code, signal) => {
  // The table is written as it goes; format it once, as the repository's prettier check expects.
  spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/prettier/bin/prettier.cjs'), '--write', report],
    {
      cwd: root,
      stdio: 'ignore',
    },
  );
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  process.stdout.write(
    `Soak ${runId} ended after ${minutes} min (${signal ?? `exit ${code}`}); table in ${report}\n`,
  );
  process.exit(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
