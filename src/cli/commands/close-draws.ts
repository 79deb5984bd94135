import type { Command } from 'commander';
import { closeDueDraws, ensureAllDraws } from '../../app/draws.js';
import type { CommandContext } from '../context.js';
import { print } from '../output.js';

export const registerCloseDraws = (program: Command, cli: CommandContext): void => {
  program
    .command('close-draws')
    .description(
      'Close and draw every draw whose midnight has passed (the scheduler does this by itself).',
    )
    .option('--json', 'print the result as JSON')
    .action((options: { json?: boolean }) =>
      cli.withRuntime(async ({ ctx }) => {
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
};
