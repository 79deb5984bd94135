import type { Command } from 'commander';
import { openDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import type { CommandContext } from '../context.js';
import { print } from '../output.js';

export const registerMigrate = (program: Command, cli: CommandContext): void => {
  program
    .command('migrate')
    .description('Create the database if needed and bring its schema up to date, then exit.')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const handle = openDatabase(cli.config().databaseUrl);
      try {
        const applied = await migrateToLatest(handle.db);
        print(options.json, { database: handle.location, applied }, () =>
          applied.length > 0
            ? `Applied ${applied.join(', ')} to ${handle.location}.`
            : `${handle.location} is up to date.`,
        );
      } finally {
        await handle.close();
      }
    });
};
