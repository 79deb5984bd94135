import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { isPostgres } from './migrations/helpers.js';
import type { Database } from './schema.js';

/**
 * A query whose shape never changes, compiled once per dialect and then run with new values.
 * Building and compiling a query through Kysely costs tens of microseconds, more than SQLite
 * takes to run a small one; the ballot path runs two per group commit.
 *
 * `build` must put each of its arguments into the query once, as a value, in their order. The
 * first compilation checks that with marker values; a query that does not keep it is simply
 * built every time.
 */
export const compiledOnce = <Args extends readonly (string | number)[], Row>(
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
) => {
  const texts = new Map<'postgres' | 'sqlite', string | null>();
  const textFor = (db: Kysely<Database>, args: Args): string | null => {
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite';
    let text = texts.get(dialect);
    if (text === undefined) {
      const markers = args.map((arg, i) =>
        typeof arg === 'number' ? -1_000_003 - i : `\u0001compiled-once-${i}`,
      ) as unknown as Args;
      const { sql, parameters } = build(db, ...markers).compile();
      const keeps =
        parameters.length === markers.length && markers.every((m, i) => parameters[i] === m);
      texts.set(dialect, (text = keeps ? sql : null));
    }
    return text;
  };
  return async (db: Kysely<Database>, ...args: Args): Promise<Row[]> => {
    const text = textFor(db, args);
    const query = text === null ? build(db, ...args).compile() : CompiledQuery.raw(text, [...args]);
    return (await db.executeQuery<Row>(query)).rows;
  };
};
