import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openSqlite, parseDatabaseUrl } from '../../db/connect.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { print } from '../output.js';

export const registerBackup = (program: Command, cli: CommandContext): void => {
  program
    .command('backup <file>')
    .description(
      'Copy the embedded database to <file> while the service runs (online and consistent).',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const database = parseDatabaseUrl(cli.config().databaseUrl);
      if (database.dialect !== 'sqlite') {
        throw new UsageError(
          'backup copies the embedded SQLite database; for PostgreSQL use pg_dump',
        );
      }
      const target = resolve(file);
      const started = Date.now();
      await backUp(database.path, target, options.json !== true && process.stderr.isTTY);
      print(
        options.json,
        { source: database.path, target, ms: Date.now() - started },
        () => `Backed up ${database.path} to ${target}.`,
      );
    });
};

/** SQLite's online backup, page by page, with a progress line in a terminal. */
const backUp = async (source: string, target: string, showProgress: boolean) => {
  const connection = openSqlite(source, { readonly: true });
  try {
    let last = 0;
    await connection.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        const done = Math.floor(((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100);
        if (showProgress && done >= last + 10) {
          process.stderr.write(`\rbacking up… ${done}%`);
          last = done;
        }
        return 1000;
      },
    });
    if (showProgress) process.stderr.write('\r');
  } finally {
    connection.close();
  }
};
