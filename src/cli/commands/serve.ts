import type { Command } from 'commander';
import { checkServiceConfig } from '../../config.js';
import { closeOnSignals, startServer } from '../../server.js';
import type { CommandContext } from '../context.js';

export const registerServe = (program: Command, cli: CommandContext): void => {
  program
    .command('serve')
    .description(
      'Start the HTTP service and the midnight draw scheduler (creates and migrates the database first).',
    )
    .action(async () => {
      const config = cli.config();
      checkServiceConfig(config);
      const server = await startServer(config, { webRoot: cli.webRoot });
      closeOnSignals(server);
      await new Promise(() => {}); // runs until a signal arrives
    });
};
