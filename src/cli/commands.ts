import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { closeDueDraws, ensureAllDraws } from '../app/draws.js';
import { drawsOfDay } from '../app/draw-views.js';
import { createLottery, findLotteries } from '../app/lotteries.js';
import { promoteParticipant, registerParticipant } from '../app/participants.js';
import { checkServiceConfig, type Config } from '../config.js';
import { migrateToLatest } from '../db/migrate.js';
import { openDatabase, openSqlite } from '../db/connect.js';
import { isLocalDate, lotteryStatuses, toIso, type LotteryStatus } from '../domain/index.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { closeOnSignals, startServer } from '../server.js';
import { readSecret } from './prompt.js';
import { table } from './table.js';
import { registerVerify } from './verify.js';

export class UsageError extends Error {}

const print = (json: boolean | undefined, value: unknown, text: () => string) =>
  process.stdout.write(json === true ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);

export const registerCommands = (program: Command, config: () => Config): void => {
  /** Opens the database for a one-off command (quiet logs, no start-up chores) and closes it after. */
  const withRuntime = async <T>(work: (runtime: Runtime) => Promise<T>): Promise<T> => {
    const runtime = await openRuntime(
      { ...config(), logLevel: 'warn', logFormat: 'json' },
      { chores: false },
    );
    try {
      return await work(runtime);
    } finally {
      await runtime.close();
    }
  };

  program
    .command('serve')
    .description('Start the HTTP service and the midnight draw scheduler (migrates first).')
    .action(async () => {
      // The built web app sits beside the compiled server, whatever the working directory.
      const webRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));
      const settings = config();
      checkServiceConfig(settings);
      const server = await startServer(settings, { webRoot });
      closeOnSignals(server);
      await new Promise(() => {}); // runs until a signal arrives
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date, then exit.')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      const handle = openDatabase(config().databaseUrl);
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

  program
    .command('close-draws')
    .description(
      'Close and draw every draw whose midnight has passed (the scheduler does this by itself).',
    )
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) =>
      withRuntime(async ({ ctx }) => {
        const opened = await ensureAllDraws(ctx);
        const report = await closeDueDraws(ctx);
        await ensureAllDraws(ctx);
        print(options.json, { opened, ...report }, () =>
          [
            `Drew ${report.drawn} draw(s).`,
            report.awaitingBeacon > 0
              ? `${report.awaitingBeacon} wait for their beacon round.`
              : '',
            report.busy > 0 ? `${report.busy} are being drawn by another instance.` : '',
          ]
            .filter(Boolean)
            .join(' '),
        );
      }),
    );

  const admin = program.command('admin').description('Manage admin accounts.');
  admin
    .command('create <username>')
    .description(
      'Create an admin account. The password is read from standard input (or asked for in a terminal).',
    )
    .option('--json', 'print the account as JSON')
    .action((username: string, options: { json?: boolean }) =>
      withRuntime(async ({ ctx }) => {
        const password = await readSecret(`Password for ${username}: `);
        const participant = await registerParticipant(ctx, { username, password }, 'admin');
        print(
          options.json,
          participant,
          () => `Created admin ${participant.username} (id ${participant.id}).`,
        );
      }),
    );
  admin
    .command('promote <username>')
    .description('Make an existing participant an admin.')
    .option('--json', 'print the account as JSON')
    .action((username: string, options: { json?: boolean }) =>
      withRuntime(async ({ ctx }) => {
        const participant = await promoteParticipant(ctx, username);
        print(options.json, participant, () => `${participant.username} is an admin.`);
      }),
    );

  const lottery = program.command('lottery').description('Create and list lotteries.');
  lottery
    .command('create')
    .description('Create a lottery.')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--starts-on <date>', 'first day, YYYY-MM-DD (today or later)')
    .option('--ends-on <date>', 'last day, YYYY-MM-DD (inclusive); omit to run until cancelled')
    .option('--time-zone <zone>', 'IANA time zone that defines its days', 'UTC')
    .option('--description <text>', 'description shown to participants')
    .option('--json', 'print the lottery as JSON')
    .action(
      (options: {
        name: string;
        startsOn: string;
        endsOn?: string;
        timeZone: string;
        description?: string;
        json?: boolean;
      }) =>
        withRuntime(async ({ ctx }) => {
          const created = await createLottery(ctx, {
            name: options.name,
            description: options.description,
            startsOn: options.startsOn,
            endsOn: options.endsOn,
            timeZone: options.timeZone,
          });
          print(
            options.json,
            created,
            () => `Created lottery ${created.id} "${created.name}" (${created.status}).`,
          );
        }),
    );
  lottery
    .command('list')
    .description('List lotteries with their status and today’s draw.')
    .option('--status <status>', `only ${lotteryStatuses.join(', ')}`)
    .option('--json', 'print JSON')
    .action((options: { status?: string; json?: boolean }) =>
      withRuntime(async ({ ctx }) => {
        if (
          options.status !== undefined &&
          !lotteryStatuses.includes(options.status as LotteryStatus)
        ) {
          throw new UsageError(`--status must be one of ${lotteryStatuses.join(', ')}`);
        }
        const lotteries = await findLotteries(ctx, options.status as LotteryStatus | undefined);
        print(options.json, lotteries, () =>
          table(
            ['id', 'name', 'status', 'days', 'time zone', 'today’s ballots'],
            lotteries.map((l) => [
              String(l.id),
              l.name,
              l.status,
              `${l.startsOn} → ${l.endsOn ?? '…'}`,
              l.timeZone,
              l.today ? String(l.today.ballotCount) : '-',
            ]),
          ),
        );
      }),
    );

  program
    .command('draws')
    .description('Show draws.')
    .command('show')
    .description('Show every draw of one date, with its winning ballot.')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .option('--json', 'print JSON')
    .action((options: { date: string; json?: boolean }) =>
      withRuntime(async ({ ctx }) => {
        if (!isLocalDate(options.date)) throw new UsageError('--date must be a date as YYYY-MM-DD');
        // The same view as GET /api/v1/draws?date=…
        const draws = (await drawsOfDay(ctx, options.date)).map((d) => ({
          lotteryId: d.lotteryId,
          lotteryName: d.lotteryName,
          date: d.date,
          status: d.status,
          closesAt: toIso(d.closesAt),
          ballotCount: d.ballotCount,
          winningBallot: d.winningBallot,
        }));
        print(options.json, draws, () =>
          draws.length === 0
            ? `No draws on ${options.date}.`
            : table(
                ['lottery', 'status', 'closes at', 'ballots', 'winning ballot', 'winner'],
                draws.map((d) => [
                  `${d.lotteryId} ${d.lotteryName}`,
                  d.status,
                  d.closesAt,
                  String(d.ballotCount),
                  d.winningBallot
                    ? String(d.winningBallot.id)
                    : d.status === 'drawn'
                      ? 'no ballots'
                      : '-',
                  d.winningBallot?.username ?? '',
                ]),
              ),
        );
      }),
    );

  program
    .command('backup <file>')
    .description(
      'Copy the embedded database to <file> while the service runs (online and consistent).',
    )
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const handle = openDatabase(config().databaseUrl);
      await handle.close();
      if (!handle.sqlitePath)
        throw new UsageError(
          'backup copies the embedded SQLite database; for PostgreSQL use pg_dump',
        );
      const source = openSqlite(handle.sqlitePath, { readonly: true });
      const target = resolve(file);
      try {
        const started = Date.now();
        let last = 0;
        await source.backup(target, {
          progress: ({ totalPages, remainingPages }) => {
            const done = Math.floor(
              ((totalPages - remainingPages) / Math.max(totalPages, 1)) * 100,
            );
            if (options.json !== true && process.stderr.isTTY && done >= last + 10) {
              process.stderr.write(`\rbacking up… ${done}%`);
              last = done;
            }
            return 1000;
          },
        });
        if (options.json !== true && process.stderr.isTTY) process.stderr.write('\r');
        print(
          options.json,
          { source: handle.sqlitePath, target, ms: Date.now() - started },
          () => `Backed up ${handle.sqlitePath} to ${target}.`,
        );
      } finally {
        source.close();
      }
    });

  // Needs neither the database nor the settings: it only talks to a service over HTTP.
  registerVerify(program, (message) => new UsageError(message));
};
