import { ConfigError } from '../config.js';
import { databaseSetupProblem } from '../db/errors.js';
import { DomainError } from '../domain/index.js';

/** Exit codes scripts can rely on. */
export const exitCodes = {
  ok: 0,
  /** Something failed unexpectedly (a port taken, a database lost mid-way, a bug). */
  failure: 1,
  /** The command line is wrong. */
  usage: 2,
  /** A setting is wrong or missing, or the database it names cannot be used. */
  config: 3,
  /** The request was refused by the rules (a taken name, an invalid date…). */
  refused: 4,
} as const;

/** The command line is wrong (exit 2). */
export class UsageError extends Error {}

/** What went wrong, as a script reads it (`--json`) and as a person reads it. */
export interface CliFailure {
  exitCode: number;
  /** Stable: `usage`, `configuration`, `database`, `failure`, or the domain's error code. */
  code: string;
  message: string;
  /** Each wrong setting, or each wrong field of the input. */
  problems?: string[];
  fields?: { field: string; message: string }[];
}

const messageOf = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  // A wrapped error says what was being done; its cause says why.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
};

/** Sorts any error a command throws into an exit code and a message. */
export const failureOf = (error: unknown): CliFailure => {
  if (error instanceof UsageError) {
    return { exitCode: exitCodes.usage, code: 'usage', message: error.message };
  }
  if (error instanceof DomainError) {
    return {
      exitCode: exitCodes.refused,
      code: error.code,
      message: error.message,
      ...(error.fields.length > 0
        ? { fields: error.fields.map((f) => ({ ...f, field: f.field.replace(/^\//, '') })) }
        : {}),
    };
  }
  if (error instanceof ConfigError) {
    return {
      exitCode: exitCodes.config,
      code: 'configuration',
      message: 'The configuration is not valid; see docs/configuration.md for every setting.',
      problems: error.problems,
    };
  }
  const database = databaseSetupProblem(error);
  if (database !== undefined) {
    return { exitCode: exitCodes.config, code: 'database', message: database };
  }
  return { exitCode: exitCodes.failure, code: 'failure', message: messageOf(error) };
};

/** The failure as text for a person: one line, then one per problem or field. */
export const failureText = (failure: CliFailure): string => {
  const details = [
    ...(failure.problems ?? []).map((p) => `\n  - ${p}`),
    ...(failure.fields ?? []).map((f) => `\n  ${f.field}: ${f.message}`),
  ].join('');
  return `lottery: ${failure.message}${details}\n`;
};

/** The failure as one line of JSON, for scripts that asked for `--json`. */
export const failureJson = ({ exitCode, ...error }: CliFailure): string =>
  `${JSON.stringify({ error: { ...error, exitCode } })}\n`;
