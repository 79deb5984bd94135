import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig, WorkerReport } from './race-worker.js';

const workerPath = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

interface Worker {
  ready: Promise<void>;
  go(timing: Pick<WorkerConfig, 'offsetMs' | 'stopAt'>): void;
  report: Promise<WorkerReport>;
}

/** Starts one race worker as its own Node process; it waits, connected, for `go`. */
const startWorker = (setup: Omit<WorkerConfig, 'offsetMs' | 'stopAt'>): Worker => {
  const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
    env: { ...process.env, RACE_WORKER: JSON.stringify(setup) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.startsWith('ready\n')) markReady();
  });
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const report = new Promise<WorkerReport>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0)
        return reject(new Error(`worker ${setup.instanceId} exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.slice('ready\n'.length)) as WorkerReport);
      } catch {
        reject(new Error(`worker ${setup.instanceId} printed no report: ${out} ${err}`));
      }
    });
  });
  // A worker that dies before it is ready must fail the test rather than hang it.
  const readyOrDead = Promise.race([ready, report.then(() => {})]);
  return {
    ready: readyOrDead,
    go: (timing) => child.stdin.end(`${JSON.stringify(timing)}\n`),
    report,
  };
};

/**
 * Runs several workers in separate processes: once all are connected, `timing` is computed
 * (so a slow start never eats into the race) and sent to all of them at once.
 */
export const runWorkers = async (
  setups: Omit<WorkerConfig, 'offsetMs' | 'stopAt'>[],
  timing: () => Pick<WorkerConfig, 'offsetMs' | 'stopAt'>,
): Promise<WorkerReport[]> => {
  const workers = setups.map(startWorker);
  await Promise.all(workers.map((w) => w.ready));
  const t = timing();
  for (const w of workers) w.go(t);
  return Promise.all(workers.map((w) => w.report));
};

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const cliPath = fileURLToPath(new URL('./cli.ts', import.meta.url));

/** Runs `lottery <args>` in its own process with the given environment and standard input. */
export const runCli = (
  args: string[],
  env: Record<string, string>,
  input?: string,
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
      env: { ...process.env, LOG_FORMAT: 'json', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
