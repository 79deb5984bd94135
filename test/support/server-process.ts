import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Real `lottery serve` processes for fault tests: each runs the CLI from the TypeScript sources
 * (as test/support/cli.ts does) on a loopback port, with its own DATABASE_URL and environment.
 * A test can wait for readiness, read the logs, kill it (SIGKILL: a crash) or stop it (SIGTERM:
 * a graceful shutdown), and start it again on the same port so its clients need not be told.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** At most this much of each output stream is kept (the newest part). */
const MAX_OUTPUT = 4 * 1024 * 1024;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcessOptions {
  databaseUrl: string;
  /** Extra settings (they win over the defaults below). */
  env?: Record<string, string>;
  /** A port to listen on (default: a free one, kept across restarts). */
  port?: number;
  /** Names the process in error messages. */
  name?: string;
  /** How long start() waits for /readyz to answer 200 (default 60 s: the machine may be loaded). */
  readyTimeoutMs?: number;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** A test that fails half-way must not leave servers behind. */
const installExitHook = () => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
};

/** A free TCP port on the loopback interface (the OS picks it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET with a deadline; resolves to the status, or null when nothing answered in time. */
export const probe = async (url: string, timeoutMs = 2000): Promise<number | null> => {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return null;
  }
};

export class ServerProcess {
  readonly name: string;
  readonly databaseUrl: string;
  private child: ChildProcess | undefined;
  private out = '';
  private err = '';
  private exitPromise: Promise<ProcessExit> | undefined;
  private lastExit: ProcessExit | undefined;
  /** How many times the process was started. */
  starts = 0;

  private constructor(
    private readonly options: ServerProcessOptions,
    readonly port: number,
  ) {
    this.name = options.name ?? 'server';
    this.databaseUrl = options.databaseUrl;
  }

  /** Starts a server and waits until it is ready. */
  static async start(options: ServerProcessOptions): Promise<ServerProcess> {
    const server = new ServerProcess(options, options.port ?? (await freePort()));
    await server.start();
    return server;
  }

  /** Creates the handle without starting the process (call start()). */
  static async prepare(options: ServerProcessOptions): Promise<ServerProcess> {
    return new ServerProcess(options, options.port ?? (await freePort()));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get isRunning(): boolean {
    return this.child !== undefined && this.lastExit === undefined;
  }

  /** Everything the process printed on stdout (all its starts, newest last, bounded). */
  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  /** The JSON log lines printed so far (LOG_FORMAT=json), parsed; other lines are skipped. */
  logs(): Record<string, unknown>[] {
    const lines: Record<string, unknown>[] = [];
    for (const line of this.out.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a line cut in half by the kill or by the output bound
      }
    }
    return lines;
  }

  /** Spawns the process (again, after a kill or a stop) and waits for /readyz to answer 200. */
  async start(): Promise<void> {
    if (this.isRunning) throw new Error(`${this.name} is already running`);
    installExitHook();
    this.lastExit = undefined;
    this.starts += 1;
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, 'serve'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        LOTTERY_DEMO: 'false',
        LOTTERY_BEACON: 'off',
        ...this.options.env,
        PORT: String(this.port),
        DATABASE_URL: this.options.databaseUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    running.add(child);
    const marker = `--- ${this.name} start ${this.starts} (pid ${child.pid}) ---\n`;
    this.append('out', marker);
    this.append('err', marker);
    child.stdout!.on('data', (d: Buffer) => this.append('out', d.toString()));
    child.stderr!.on('data', (d: Buffer) => this.append('err', d.toString()));
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        this.lastExit = { code, signal };
        resolve(this.lastExit);
      });
      child.on('error', () => {
        running.delete(child);
        this.lastExit = { code: null, signal: null };
        resolve(this.lastExit);
      });
    });
    await this.waitUntilReady(this.options.readyTimeoutMs ?? 60_000);
  }

  /** Polls /readyz until it answers 200; fails at once if the process dies. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.isRunning) {
        throw new Error(
          `${this.name} exited (${JSON.stringify(this.lastExit)}) before it was ready:\n${this.tail()}`,
        );
      }
      if ((await probe(`${this.url}/readyz`)) === 200) return;
      await sleep(100);
    }
    throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.tail()}`);
  }

  /** Sends a signal; resolves when the process has exited (SIGKILL: at once). */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<ProcessExit> {
    if (!this.child || !this.exitPromise) throw new Error(`${this.name} was never started`);
    if (this.isRunning) this.child.kill(signal);
    return this.exitPromise;
  }

  /** Resolves when the process exits, or with undefined after `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ProcessExit | undefined> {
    if (!this.exitPromise) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([this.exitPromise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited within `graceMs`. Returns how it ended and how
   * long the graceful part took. Harmless when the process is not running.
   */
  async stop(graceMs = 20_000): Promise<ProcessExit & { ms: number; forced: boolean }> {
    const started = Date.now();
    if (!this.isRunning)
      return { ...(this.lastExit ?? { code: null, signal: null }), ms: 0, forced: false };
    this.child!.kill('SIGTERM');
    const exit = await this.waitForExit(graceMs);
    if (exit) return { ...exit, ms: Date.now() - started, forced: false };
    const killed = await this.kill('SIGKILL');
    return { ...killed, ms: Date.now() - started, forced: true };
  }

  /** Writes both streams to a file (for a failed test to point at); returns its path. */
  saveOutput(): string {
    const path = join(tmpdir(), `lottery-${this.name}-${process.pid}-${Date.now()}.log`);
    writeFileSync(path, `${this.out}\n--- stderr ---\n${this.err}`);
    return path;
  }

  /** The last lines of both streams, for error messages. */
  tail(lines = 30): string {
    const last = (text: string) => text.split('\n').slice(-lines).join('\n');
    return `stdout:\n${last(this.out)}\nstderr:\n${last(this.err)}`;
  }

  private append(stream: 'out' | 'err', text: string) {
    if (stream === 'out') {
      this.out += text;
      if (this.out.length > MAX_OUTPUT) this.out = this.out.slice(-MAX_OUTPUT / 2);
    } else {
      this.err += text;
      if (this.err.length > MAX_OUTPUT) this.err = this.err.slice(-MAX_OUTPUT / 2);
    }
  }
}

/** Starts several servers on one database (in parallel) and waits until all are ready. */
export const startServers = (
  count: number,
  options: Omit<ServerProcessOptions, 'port' | 'name'> & { namePrefix?: string },
): Promise<ServerProcess[]> =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      ServerProcess.start({ ...options, name: `${options.namePrefix ?? 'server'}-${i + 1}` }),
    ),
  );
