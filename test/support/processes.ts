import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerConfig, WorkerReport } from './race-worker.js';

const workerPath = fileURLToPath(new URL('./race-worker.ts', import.meta.url));

/** Runs one race worker as its own Node process and resolves with its report. */
export const runWorker = (config: WorkerConfig): Promise<WorkerReport> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath], {
      env: { ...process.env, RACE_WORKER: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker ${config.instanceId} exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as WorkerReport);
      } catch {
        reject(new Error(`worker ${config.instanceId} printed no report: ${out} ${err}`));
      }
    });
  });
