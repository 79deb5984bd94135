import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, loadDotEnv } from '../config.js';
import { DomainError } from '../domain/index.js';
import { registerCommands, UsageError } from './commands.js';

/** Exit codes scripts can rely on. */
export const exitCodes = {
  ok: 0,
  /** Something failed unexpectedly (database unreachable, bug). */
  failure: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A setting is wrong or missing. */
  config: 3,
  /** The request was refused by the rules (a taken name, an invalid date…). */
  refused: 4,
} as const;

export const buildProgram = (): Command => {
  const program = new Command('lottery')
    .description('An online lottery service with daily, provably fair draws.')
    .showHelpAfterError()
    .exitOverride();
  registerCommands(program, () => {
    loadDotEnv();
    return loadConfig();
  });
  return program;
};

export const main = async (argv: string[]): Promise<number> => {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`lottery: ${error.message}\n`);
      return exitCodes.usage;
    }
    if (error instanceof DomainError) {
      const fields = error.fields
        .map((f) => `\n  ${f.field.replace(/^\//, '')}: ${f.message}`)
        .join('');
      process.stderr.write(`lottery: ${error.message}${fields}\n`);
      return exitCodes.refused;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee docs/configuration.md for every setting.\n`);
      return exitCodes.config;
    }
    process.stderr.write(`lottery: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodes.failure;
  }
};
