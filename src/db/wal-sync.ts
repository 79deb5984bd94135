import { open, type FileHandle } from 'node:fs/promises';

/** Flushes a file's data to the disk: fdatasync(2), as SQLite syncs its WAL at a commit. */
export type DataSync = (file: FileHandle) => Promise<void>;

const fdatasync: DataSync = (file) => file.datasync();

/** SQLite's own code for a failed sync, so it is reported like any disk failure (a 503). */
export class WalSyncError extends Error {
  readonly code = 'SQLITE_IOERR';
  constructor(cause: unknown) {
    super('The SQLite write-ahead log could not be synced to disk; restart the service.', {
      cause,
    });
  }
}

/**
 * Syncs the SQLite write-ahead log on libuv's thread pool instead of inside the commit, where it
 * blocks the event loop (ADR 0011). The connection runs with `synchronous = NORMAL`: a commit
 * writes its frames to the WAL and returns. Whoever used the connection then waits in
 * `flushThrough` until the WAL is on disk up to everything it could have written or read: the
 * durability of `synchronous = FULL`, with the next transaction already running meanwhile. One
 * fdatasync serves every commit written before it started (group commit).
 */
export class WalSync {
  #file: Promise<FileHandle> | undefined;
  /** Counts statements that may write, marked just before each runs. */
  #written = 0;
  /** Everything marked up to this count is on disk. */
  #synced = 0;
  #inFlight: Promise<void> | undefined;
  #failure: Error | undefined;

  constructor(
    private readonly walPath: string,
    private readonly dataSync: DataSync = fdatasync,
  ) {}

  /** A statement that may write is about to run (synchronously, in this same turn). */
  markWritten(): void {
    this.#written += 1;
  }

  /** The mark of the last statement that may have written so far. */
  get written(): number {
    return this.#written;
  }

  /** Waits until everything up to `mark` is on disk. Once a sync has failed, always throws. */
  async flushThrough(mark: number): Promise<void> {
    for (;;) {
      if (this.#failure) throw this.#failure;
      if (this.#synced >= mark) return;
      // A sync in flight covers only what was written before it started: wait for it, then
      // start the next one if this mark came later.
      this.#inFlight ??= this.#sync().finally(() => (this.#inFlight = undefined));
      await this.#inFlight;
    }
  }

  async #sync(): Promise<void> {
    const through = this.#written;
    try {
      // Opened at the first write: SQLite creates the WAL, and keeps it while it is connected.
      this.#file ??= open(this.walPath, 'r+');
      await this.dataSync(await this.#file);
      this.#synced = Math.max(this.#synced, through);
    } catch (cause) {
      // After a failed fsync the kernel may have dropped the pages it could not write, and a
      // retry can then succeed without them ("fsyncgate"). Nothing written from here on can be
      // trusted to be on disk, so every later statement fails until the service restarts.
      this.#failure = new WalSyncError(cause);
      throw this.#failure;
    }
  }

  async close(): Promise<void> {
    const file = this.#file;
    this.#file = undefined;
    // A file that never opened has nothing to close (its error went to the write that opened it).
    const handle = await file?.catch(() => undefined);
    await handle?.close();
  }
}
