import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-types.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const benchDir = join(repoRoot, 'bench');

/** Every process this harness started and has not seen exit, so an interrupt can end them. */
const children = new Set<ChildProcess>();

const track = (child: ChildProcess): ChildProcess => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

/** Ends every process the harness started (on SIGINT/SIGTERM), each by its own pid. */
export const killChildren = (): void => {
  for (const child of children) child.kill('SIGTERM');
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds on a monotonic clock. */
export const now = () => performance.now();

/** Builds dist/ once (incremental tsc), so `node bin/lottery.js serve` runs the current sources. */
export const buildServer = (): void => {
  const result = spawnSync('npm', ['run', 'build:server', '--silent'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(`npm run build:server failed:\n${result.stdout}${result.stderr}`);
  }
};

/** A TCP port that was free a moment ago on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

export interface Memory {
  /** Resident set size now, bytes. */
  rss: number;
  /** Peak resident set size since the process started (VmHWM), bytes. */
  hwm: number;
}

/** Reads VmRSS and VmHWM of a process from /proc (Linux). */
export const readMemory = (pid: number): Memory | null => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
};

const tail = (file: string, lines = 30) => {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

export interface Launched {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Milliseconds from spawn to the first 200 from the ready probe. */
  readyMs: number;
  /** Wall-clock time (Date.now()) of the spawn. */
  launchedAt: number;
  logFile: string;
  memory(): Memory | null;
  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  stop(graceMs?: number): Promise<void>;
}

interface LaunchOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  port: number;
  readyPath: string;
  /** Gives up waiting for readiness after this long. */
  timeoutMs: number;
}

/** Starts a process and waits until GET <readyPath> answers 200, timing it from the spawn. */
export const launch = async (options: LaunchOptions): Promise<Launched> => {
  const url = `http://127.0.0.1:${options.port}`;
  const fd = openSync(options.logFile, 'a');
  const started = now();
  const launchedAt = Date.now();
  const child = track(
    spawn(process.execPath, options.args, {
      cwd: repoRoot,
      env: options.env,
      stdio: ['ignore', fd, fd],
    }),
  );
  closeSync(fd);
  let exited: number | string | null | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      resolve();
    });
  });
  const stop = async (graceMs = 20_000) => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const deadline = started + options.timeoutMs;
  let readyMs: number | undefined;
  while (readyMs === undefined) {
    if (exited !== undefined) {
      throw new Error(
        `${options.args.join(' ')} exited (${String(exited)}) before it was ready:\n${tail(options.logFile)}`,
      );
    }
    if (now() > deadline) {
      await stop(2000);
      throw new Error(
        `${options.args.join(' ')} was not ready within ${options.timeoutMs} ms:\n${tail(options.logFile)}`,
      );
    }
    try {
      const response = await fetch(`${url}${options.readyPath}`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      if (response.status === 200) readyMs = now() - started;
      else await sleep(5);
    } catch {
      await sleep(5);
    }
  }
  return {
    child,
    pid: child.pid!,
    url,
    readyMs,
    launchedAt,
    logFile: options.logFile,
    memory: () => readMemory(child.pid!),
    stop,
  };
};

/** Starts the baseline server (bench/baseline-server.ts) in its own process. */
export const launchBaseline = async (logFile: string): Promise<Launched> => {
  const port = await freePort();
  return launch({
    args: ['--import', 'tsx', join(benchDir, 'baseline-server.ts')],
    env: { ...process.env, PORT: String(port) },
    logFile,
    port,
    readyPath: '/ready',
    timeoutMs: 30_000,
  });
};

/** Runs bench/load.ts in its own process with the spec on stdin and returns its JSON result. */
export const runLoad = (spec: LoadSpec): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(benchDir, 'load.ts')], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    track(child);
    let out = '';
    let err = '';
    const limitMs = (spec.warmupS + spec.durationS) * 1000 + 120_000;
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`load generator exited with ${code ?? signal}: ${err.trim()}`));
        return;
      }
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${out} ${err}`));
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
