import type { Command } from 'commander';
import { drawsOfDay, type DrawSummary } from '../../app/draw-views.js';
import { isLocalDate, toIso } from '../../domain/index.js';
import { drawJson } from '../../http/present.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { print } from '../output.js';
import { table } from '../table.js';

export const registerDraws = (program: Command, cli: CommandContext): void => {
  program
    .command('draws')
    .description('Show draws.')
    .command('show')
    .description('Show every draw of one date, with its winning ballot.')
    .requiredOption('--date <date>', 'YYYY-MM-DD')
    .option('--json', 'print JSON (as GET /api/v1/draws?date=… shows it)')
    .action((options: { date: string; json?: boolean }) => {
      const date = options.date;
      if (!isLocalDate(date)) throw new UsageError('--date must be a date as YYYY-MM-DD');
      return cli.withRuntime(async ({ ctx }) => {
        const draws = await drawsOfDay(ctx, date);
        print(options.json, draws.map(drawJson), () =>
          draws.length === 0 ? `No draws on ${options.date}.` : drawTable(draws),
        );
      });
    });
};

const winnerCell = (d: DrawSummary) =>
  d.winningBallot ? String(d.winningBallot.id) : d.status === 'drawn' ? 'no ballots' : '-';

const drawTable = (draws: DrawSummary[]): string =>
  table(
    ['lottery', 'status', 'closes at', 'ballots', 'winning ballot', 'winner'],
    draws.map((d) => [
      `${d.lotteryId} ${d.lotteryName}`,
      d.status,
      toIso(d.closesAt),
      String(d.ballotCount),
      winnerCell(d),
      d.winningBallot?.username ?? '',
    ]),
  );
