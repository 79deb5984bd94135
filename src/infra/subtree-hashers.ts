import type { Worker } from 'node:worker_threads';
import type { SubtreeHasher } from '../app/context.js';
import type { Subtree } from '../fairness/merkle.js';
import type { SubtreeAnswer, SubtreeJob } from './subtree-worker.js';
import { startWorker } from './worker-thread.js';

interface Waiting {
  resolve(subtrees: Subtree[]): void;
  reject(error: Error): void;
}

/**
 * Worker threads that hash runs of a draw's ballots while the seal reads the next ones, so a
 * seal uses every CPU (SHA-256 is most of its cost). Jobs go to the least busy worker; a worker
 * that dies fails its jobs (the seal then retries, as after any error) and is replaced.
 */
export class SubtreeHasherPool implements SubtreeHasher {
  private readonly workers: { worker: Worker; busy: Map<number, Waiting> }[] = [];
  private nextId = 0;
  private closed = false;

  /** The threads start on the first job, so commands that never seal never start them. */
  constructor(readonly size: number) {}

  private start() {
    const worker = startWorker(import.meta.url, 'subtree-worker', { resourceLimits });
    worker.unref();
    const slot = { worker, busy: new Map<number, Waiting>() };
    worker.on('message', (answer: SubtreeAnswer) => {
      const waiting = slot.busy.get(answer.id);
      if (!waiting) return;
      slot.busy.delete(answer.id);
      if (slot.busy.size === 0) worker.unref();
      if (answer.subtrees) {
        waiting.resolve(
          answer.subtrees.map((s) => ({
            root: Buffer.from(s.root.buffer, s.root.byteOffset, s.root.byteLength),
            height: s.height,
          })),
        );
      } else {
        waiting.reject(new Error(`subtree hashing failed: ${answer.error ?? 'unknown error'}`));
      }
    });
    const fail = (error: Error) => {
      for (const waiting of slot.busy.values()) waiting.reject(error);
      slot.busy.clear();
      const index = this.workers.indexOf(slot);
      if (index >= 0 && !this.closed) this.workers[index] = this.start();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`subtree worker exited with ${code}`)));
    return slot;
  }

  hash(
    lotteryId: number,
    date: string,
    ballotIds: readonly number[],
    options: { threads?: number } = {},
  ): Promise<Subtree[]> {
    if (this.closed) return Promise.reject(new Error('the subtree hasher pool is closed'));
    const threads = Math.max(1, Math.min(this.size, options.threads ?? this.size));
    while (this.workers.length < threads) this.workers.push(this.start());
    const slot = this.workers
      .slice(0, threads)
      .reduce((a, b) => (b.busy.size < a.busy.size ? b : a));
    const id = this.nextId++;
    const ids = Float64Array.from(ballotIds);
    return new Promise<Subtree[]>((resolve, reject) => {
      // An idle worker does not keep the process alive; a busy one does, until it answers.
      if (slot.busy.size === 0) slot.worker.ref();
      slot.busy.set(id, { resolve, reject });
      const job: SubtreeJob = { id, lotteryId, date, ballotIds: ids };
      slot.worker.postMessage(job, [ids.buffer]);
    });
  }

  /** How many threads have started so far. */
  get started(): number {
    return this.workers.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/**
 * A worker holds one page of ballot numbers and makes short-lived hashes: a small young
 * generation keeps its memory flat (by default each thread grows by tens of MB).
 */
const resourceLimits = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };
