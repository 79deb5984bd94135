/** Recognises a unique-constraint violation from either database driver. */
export const isUniqueViolation = (error: unknown, constraintHint?: string): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown };
  const unique =
    e.code === '23505' ||
    e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  if (!unique || constraintHint === undefined) return unique;
  const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
  return where.includes(constraintHint);
};

/** Errors that mean the database is unreachable or overloaded, rather than a bug or bad input. */
export const isUnavailable = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown };
  const code = String(e.code ?? '');
  const message = String(e.message ?? '');
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'SQLITE_BUSY',
      'SQLITE_FULL',
      'SQLITE_IOERR',
    ].includes(code) ||
    code.startsWith('57P') || // admin shutdown, cannot connect now
    code.startsWith('08') || // connection exceptions
    code === '53300' || // too many connections
    message.includes('timeout exceeded when trying to connect') ||
    message.includes('Connection terminated') ||
    // pg, for a statement on a client whose connection was lost (see connect.ts)
    message.includes('not queryable')
  );
};

/** The embedded database file a command needs is not there (and only serve and migrate create one). */
export class MissingDatabaseError extends Error {
  constructor(readonly path: string) {
    super(
      `there is no database at ${path}: check DATABASE_URL, or create one with \`lottery migrate\` (or \`lottery serve\`)`,
    );
    this.name = 'MissingDatabaseError';
  }
}

const PG_SETUP_CODES: Record<string, (e: { message: string }) => string> = {
  '3D000': (e) =>
    `the PostgreSQL database does not exist (${e.message}): create it, or fix DATABASE_URL`,
  '28P01': (e) =>
    `PostgreSQL authentication failed (${e.message}): check the user and password in DATABASE_URL`,
  '28000': (e) =>
    `PostgreSQL authentication failed (${e.message}): check the user and password in DATABASE_URL`,
  '42501': (e) =>
    `PostgreSQL refused the permission (${e.message}): the user in DATABASE_URL needs to own the database`,
};

/**
 * Why the database named by DATABASE_URL cannot be used at all, said so an operator can fix it:
 * a missing file or database, a refused connection, failed authentication, an unknown host.
 * Undefined for any other error.
 */
export const databaseSetupProblem = (error: unknown): string | undefined => {
  if (error instanceof MissingDatabaseError) return error.message;
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as {
    code?: unknown;
    message?: unknown;
    address?: unknown;
    port?: unknown;
    hostname?: unknown;
  };
  const code = String(e.code ?? '');
  const message = String(e.message ?? '');
  const explain = PG_SETUP_CODES[code];
  if (explain) return explain({ message });
  const where = e.address !== undefined ? ` at ${String(e.address)}:${String(e.port)}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `the connection to PostgreSQL was refused${where}: is it running there, and is DATABASE_URL's host and port right?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the database host ${String(e.hostname ?? '')} was not found: check the host in DATABASE_URL`;
    case 'ETIMEDOUT':
      return `the connection to PostgreSQL timed out${where}: is the host reachable from here?`;
    case 'SQLITE_CANTOPEN':
      return `the SQLite database file cannot be opened (${message}): check DATABASE_URL's path and its permissions`;
    case 'SQLITE_NOTADB':
      return `the file DATABASE_URL names is not a SQLite database (${message})`;
  }
  if (message.includes('timeout exceeded when trying to connect')) {
    return 'no connection to PostgreSQL within 5 seconds: is the host reachable from here?';
  }
  return undefined;
};
