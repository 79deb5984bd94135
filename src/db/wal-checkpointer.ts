import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './wal-checkpoint-worker.js';

export interface WalCheckpointerOptions {
  /** How often the thread copies new WAL pages into the database file. */
  intervalMs?: number;
  /**
   * The thread stopped (it could not open the file, or a checkpoint failed): the service's
   * connection must checkpoint by itself again, or the WAL grows without end.
   */
  onFailure(error: Error & { code?: string }): void;
}

/**
 * Checkpoints a SQLite database in WAL mode from a thread of its own (ADR 0015). SQLite's
 * automatic checkpoint runs inside the commit that fills the WAL past 1,000 pages: it copies them
 * into the database file and syncs both files, on the event loop, while every request waits. The
 * service's connection turns it off (`wal_autocheckpoint = 0`), and this thread's connection runs
 * a PASSIVE checkpoint every few tens of milliseconds instead. PASSIVE never blocks the writer or
 * its readers; SQLite resets the WAL at the next write once everything in it is copied.
 */
export class WalCheckpointer {
  readonly #worker: Worker;
  #stopped = false;

  constructor(path: string, options: WalCheckpointerOptions) {
    const workerData: CheckpointWorkerData = { path, intervalMs: options.intervalMs ?? 50 };
    const url = new URL(`./wal-checkpoint-worker${extension}`, import.meta.url);
    // From source (tests, tsx) the worker needs the TypeScript loader; from dist/ it is plain JS.
    this.#worker =
      extension === '.ts'
        ? new Worker(
            `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
            { eval: true, workerData, resourceLimits },
          )
        : new Worker(url, { workerData, resourceLimits });
    // It never keeps the process alive: closing the database stops it.
    this.#worker.unref();
    const fail = (error: Error & { code?: string }) => {
      if (this.#stopped) return;
      this.#stopped = true;
      options.onFailure(error);
    };
    this.#worker.on('message', (message: CheckpointWorkerMessage) => {
      if (message.kind !== 'failed') return;
      fail(Object.assign(new Error(message.error), message.code ? { code: message.code } : {}));
    });
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`the WAL checkpointer exited with ${code}`)));
  }

  /** Stops the thread and closes its connection (before the service's own, which is the last). */
  async close(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    const exited = once(this.#worker, 'exit');
    this.#worker.postMessage('close');
    const timeout = setTimeout(() => void this.#worker.terminate(), 2000);
    await exited.catch(() => undefined);
    clearTimeout(timeout);
  }
}

// Beside this module: .ts from source, .js in dist/, .mjs in the bundle (scripts/bundle.ts).
const extension = /\.[mc]?[jt]s$/.exec(import.meta.url)?.[0] ?? '.js';

/** It holds one connection and one statement: a small heap is plenty. */
const resourceLimits = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
