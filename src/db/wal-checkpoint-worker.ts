/**
 * The WAL checkpointer's thread (see WalCheckpointer): its own connection to the SQLite file,
 * which copies committed pages from the write-ahead log into the database file every few tens of
 * milliseconds, so that the service's connection never does it on the event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

export interface CheckpointWorkerData {
  path: string;
  intervalMs: number;
}

export type CheckpointWorkerMessage =
  { kind: 'ready' } | { kind: 'failed'; error: string; code?: string };

const { path, intervalMs } = workerData as CheckpointWorkerData;
const post = (message: CheckpointWorkerMessage) => parentPort?.postMessage(message);

let db: SQLite.Database | undefined;
try {
  db = new SQLite(path, { fileMustExist: true });
  // A checkpoint syncs the WAL before copying and the database file after, so the WAL is reset
  // only once its pages are on disk in the database file.
  db.pragma('synchronous = FULL');
  // PASSIVE never waits for the service's writer or readers, so it needs no busy handler.
  const checkpoint = db.prepare<[], { busy: number; log: number; checkpointed: number }>(
    'pragma wal_checkpoint(PASSIVE)',
  );
  const timer = setInterval(() => {
    try {
      // With nothing new in the log this costs a few microseconds and syncs nothing.
      checkpoint.get();
    } catch (error) {
      clearInterval(timer);
      fail(error);
    }
  }, intervalMs);
  parentPort?.on('message', (message: 'close') => {
    if (message !== 'close') return;
    clearInterval(timer);
    db?.close();
    parentPort?.close();
  });
  post({ kind: 'ready' });
} catch (error) {
  fail(error);
}

function fail(error: unknown) {
  const code = (error as { code?: unknown }).code;
  post({
    kind: 'failed',
    error: error instanceof Error ? error.message : String(error),
    ...(typeof code === 'string' ? { code } : {}),
  });
  try {
    db?.close();
  } finally {
    parentPort?.close();
  }
}
