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
