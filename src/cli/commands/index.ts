import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { registerVerify } from '../verify.js';
import { registerAdmin } from './admin.js';
import { registerBackup } from './backup.js';
import { registerCloseDraws } from './close-draws.js';
import { registerDraws } from './draws.js';
import { registerLotteries } from './lotteries.js';
import { registerMigrate } from './migrate.js';
import { registerServe } from './serve.js';

/** Every `lottery` command, in the order `--help` lists them. */
export const registerCommands = (program: Command, cli: CommandContext): void => {
  registerServe(program, cli);
  registerMigrate(program, cli);
  registerCloseDraws(program, cli);
  registerAdmin(program, cli);
  registerLotteries(program, cli);
  registerDraws(program, cli);
  registerBackup(program, cli);
  // Needs neither the database nor the settings: it only talks to a service over HTTP.
  registerVerify(program, (message) => new UsageError(message));
};
