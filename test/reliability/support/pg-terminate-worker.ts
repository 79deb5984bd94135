/**
 * A separate process (so an uncaught exception shows as a dead process, not as a broken test
 * runner): opens the service's database pool, and while a transaction holds a connection between
 * two statements, has PostgreSQL terminate that connection (as a restart or failover does).
 * Prints one JSON line: whether the process survived and how the next statement failed.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../../src/db/connect.js';
import { isUnavailable } from '../../../src/db/errors.js';

const [url, adminUrl] = process.argv.slice(2) as [string, string];
const handle = openDatabase(url, { poolSize: 2 });
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();

let failure: unknown;
try {
  await handle.db.transaction().execute(async (tx) => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(tx);
    await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    // Between statements: no query is active on the connection when the termination arrives.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await sql`select 1`.execute(tx);
  });
} catch (error) {
  failure = error;
}
// The pool must still serve new connections afterwards.
const recovered = await sql`select 1`.execute(handle.db).then(
  () => true,
  () => false,
);
await admin.end();
await handle.close().catch(() => {});
process.stdout.write(
  `${JSON.stringify({
    survived: true,
    failed: failure !== undefined,
    unavailable: isUnavailable(failure),
    message: failure instanceof Error ? failure.message : String(failure),
    code: (failure as { code?: unknown } | undefined)?.code ?? null,
    recovered,
  })}\n`,
);
