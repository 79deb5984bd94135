import { resolve } from 'node:path';
import type { Command } from 'commander';
import { closeDueDraws, ensureAllDraws } from '../app/draws.js';
import type { Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase } from '../db/connect.js';
import { openRuntime } from '../runtime.js';
import { closeOnSignals, startServer } from '../server.js';

const print = (json: boolean, value: unknown, text: string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

export const registerCommands = (program: Command, config: () => Config): void => {
  program
    .command('serve')
    .description('Start the HTTP service and the midnight draw scheduler (migrates first).')
    .action(async () => {
      const server = await startServer(config(), { webRoot: resolve('web/dist') });
      closeOnSignals(server);
      // Keep running until a signal arrives.
      await new Promise(() => {});
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date, then exit.')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const handle = openDatabase(config().databaseUrl);
      try {
        const applied = await migrateToLatest(handle.db);
        print(
          options.json === true,
          { database: handle.location, applied },
          applied.length > 0 ? `Applied ${applied.join(', ')} to ${handle.location}.` : `${handle.location} is up to date.`,
        );
      } finally {
        await handle.close();
      }
    });

  program
    .command('close-draws')
    .description('Close and draw every draw whose midnight has passed (the scheduler does this by itself).')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const { ctx, handle } = await openRuntime({ ...config(), logLevel: 'warn' }, { chores: false });
      try {
        const opened = await ensureAllDraws(ctx);
        const report = await closeDueDraws(ctx);
        await ensureAllDraws(ctx);
        print(
          options.json === true,
          { opened, ...report },
          `Drew ${report.drawn} draw(s)` +
            (report.awaitingBeacon > 0 ? `; ${report.awaitingBeacon} wait for their beacon round` : '') +
            (report.busy > 0 ? `; ${report.busy} are being drawn by another instance` : '') +
            '.',
        );
      } finally {
        await handle.close();
      }
    });
};
