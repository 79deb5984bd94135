import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { loadConfig, loadDotEnv } from '../config.js';
import { registerCommands } from './commands/index.js';
import { commandContext } from './context.js';
import { exitCodes, failureJson, failureOf, failureText } from './errors.js';

export { exitCodes } from './errors.js';

/** The version in package.json (src/cli/, dist/cli/ and dist/bundle/ are all two folders down). */
const version = (): string =>
  (
    JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    }
  ).version;

/** The `lottery` program. With `json`, usage errors are left to the caller to print as JSON. */
export const buildProgram = (options: { json?: boolean } = {}): Command => {
  const program = new Command('lottery')
    .description('An online lottery service with daily, provably fair draws.')
    .version(version(), '-V, --version', 'print the version')
    .exitOverride();
  if (options.json === true) program.configureOutput({ writeErr: () => {} });
  else program.showHelpAfterError();
  registerCommands(
    program,
    commandContext(() => {
      loadDotEnv();
      return loadConfig();
    }),
  );
  return program;
};

/** `--json` anywhere before a `--`: errors then come out as JSON too. */
const wantsJson = (argv: string[]) => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
};

export const main = async (argv: string[]): Promise<number> => {
  const json = wantsJson(argv);
  try {
    await buildProgram({ json }).parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? exitCodes.ok : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return exitCodes.ok; // --help, --version
      // Commander has printed its message (and the help), unless it was asked for JSON.
      if (json) process.stderr.write(failureJson(usageFailure(error)));
      return exitCodes.usage;
    }
    const failure = failureOf(error);
    process.stderr.write(json ? failureJson(failure) : failureText(failure));
    return failure.exitCode;
  }
};

const usageFailure = (error: CommanderError) => ({
  exitCode: exitCodes.usage,
  code: 'usage',
  message: error.message.replace(/^error: /, ''),
});
