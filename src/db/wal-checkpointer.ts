import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../infra/worker-thread.js';
import type { CheckpointWorkerData, CheckpointWorkerMessage } from './wal-checkpoint-worker.js';

export interface WalCheckpointerOptions {
  /** How often the thread copies new WAL pages into the database file. */
  intervalMs?: number;
  /** The first wait before a stopped thread is started again; it doubles, up to 10 minutes. */
  restartAfterMs?: number;
  /** The thread runs: the service's connection must not checkpoint by itself. */
  onRunning(): void;
  /**
   * The thread stopped (it could not open the file, or a checkpoint failed, as on a full disk):
   * the service's connection must checkpoint by itself until it runs again, or the WAL grows
   * without end.
   */
  onStopped(error: Error & { code?: string }): void;
}

const MAX_RESTART_MS = 10 * 60_000;

/**
 * Checkpoints a SQLite database in WAL mode from a thread of its own (ADR 0015). SQLite's
 * automatic checkpoint runs inside the commit that fills the WAL past 1,000 pages: it copies them
 * into the database file and syncs both files, on the event loop, while every request waits. The
 * service's connection turns it off (`wal_autocheckpoint = 0`), and this thread's connection runs
 * a PASSIVE checkpoint every few tens of milliseconds instead. PASSIVE never blocks the writer or
 * its readers; SQLite resets the WAL at the next write once everything in it is copied. A thread
 * that stops is started again later, and its owner hears of both.
 */
export class WalCheckpointer {
  #worker: Worker | undefined;
  #restart: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #firstDelayMs: number;
  #delayMs: number;

  constructor(
    private readonly path: string,
    private readonly options: WalCheckpointerOptions,
  ) {
    this.#firstDelayMs = this.#delayMs = options.restartAfterMs ?? 30_000;
    this.#start();
  }

  #start(): void {
    const workerData: CheckpointWorkerData = {
      path: this.path,
      intervalMs: this.options.intervalMs ?? 50,
    };
    const worker = startWorker(import.meta.url, 'wal-checkpoint-worker', {
      workerData,
      resourceLimits,
    });
    // It never keeps the process alive: closing the database stops it.
    worker.unref();
    this.#worker = worker;
    let stopped = false;
    const fail = (error: Error & { code?: string }) => {
      if (stopped || this.#closed) return;
      stopped = true;
      this.#worker = undefined;
      void worker.terminate();
      this.options.onStopped(error);
      this.#restart = setTimeout(() => this.#start(), this.#delayMs);
      this.#restart.unref();
      this.#delayMs = Math.min(this.#delayMs * 2, MAX_RESTART_MS);
    };
    worker.on('message', (message: CheckpointWorkerMessage) => {
      if (message.kind === 'ready') {
        this.#delayMs = this.#firstDelayMs;
        this.options.onRunning();
        return;
      }
      fail(Object.assign(new Error(message.error), message.code ? { code: message.code } : {}));
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the WAL checkpointer exited with ${code}`)));
  }

  /** Stops the thread and closes its connection (before the service's own, which is the last). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#restart);
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    const exited = once(worker, 'exit');
    worker.postMessage('close');
    const timeout = setTimeout(() => void worker.terminate(), 2000);
    await exited.catch(() => undefined);
    clearTimeout(timeout);
  }
}

/** It holds one connection and one statement: a small heap is plenty. */
const resourceLimits = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 };
