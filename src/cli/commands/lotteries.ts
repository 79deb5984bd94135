import type { Command } from 'commander';
import { createLottery, findLotteries, type LotteryView } from '../../app/lotteries.js';
import { lotteryStatuses, type LotteryStatus } from '../../domain/index.js';
import { lotteryJson } from '../../http/present.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { print } from '../output.js';
import { table } from '../table.js';

interface CreateOptions {
  name: string;
  startsOn: string;
  endsOn?: string;
  timeZone: string;
  description?: string;
  json?: boolean;
}

/**
 * `lottery lotteries create|list`. The first spelling, `lottery lottery …`, read awkwardly; it
 * stays as an alias so scripts written for it keep working.
 */
export const registerLotteries = (program: Command, cli: CommandContext): void => {
  const lotteries = program
    .command('lotteries')
    .alias('lottery')
    .description('Create and list lotteries.');
  lotteries
    .command('create')
    .description('Create a lottery.')
    .requiredOption('--name <name>', 'unique name')
    .requiredOption('--starts-on <date>', 'first day, YYYY-MM-DD (today or later)')
    .option('--ends-on <date>', 'last day, YYYY-MM-DD (inclusive); omit to run until cancelled')
    .option('--time-zone <zone>', 'IANA time zone that defines its days', 'UTC')
    .option('--description <text>', 'description shown to participants')
    .option('--json', 'print the lottery as JSON (as the API shows it)')
    .action((options: CreateOptions) =>
      cli.withRuntime(async ({ ctx }) => {
        const created = await createLottery(ctx, {
          name: options.name,
          description: options.description,
          startsOn: options.startsOn,
          endsOn: options.endsOn,
          timeZone: options.timeZone,
        });
        print(
          options.json,
          lotteryJson(created),
          () => `Created lottery ${created.id} "${created.name}" (${created.status}).`,
        );
      }),
    );
  lotteries
    .command('list')
    .description('List lotteries with their status and today’s draw.')
    .option('--status <status>', `only ${lotteryStatuses.join(', ')}`)
    .option('--json', 'print JSON (as the API shows it)')
    .action((options: { status?: string; json?: boolean }) => {
      const status = statusFilter(options.status);
      return cli.withRuntime(async ({ ctx }) => {
        const found = await findLotteries(ctx, status);
        print(
          options.json,
          found.map((l) => lotteryJson(l)),
          () => lotteryTable(found),
        );
      });
    });
};

const statusFilter = (status: string | undefined): LotteryStatus | undefined => {
  if (status === undefined) return undefined;
  if (!lotteryStatuses.includes(status as LotteryStatus)) {
    throw new UsageError(`--status must be one of ${lotteryStatuses.join(', ')}`);
  }
  return status as LotteryStatus;
};

const lotteryTable = (lotteries: LotteryView[]): string =>
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
  );
