import { Worker, type WorkerOptions } from 'node:worker_threads';

// Worker scripts sit beside the module that starts them, with this module's extension: .ts from
// source, .js in dist/, .mjs in the bundle (scripts/bundle.ts bundles each worker on its own).
const extension = /\.[mc]?[jt]s$/.exec(import.meta.url)?.[0] ?? '.js';

/**
 * Starts the worker script `name` found beside the module at `besideUrl` (its
 * `import.meta.url`). From source (tests, tsx) the worker needs the TypeScript loader; from
 * dist/ it is plain JS.
 */
export const startWorker = (besideUrl: string, name: string, options: WorkerOptions): Worker => {
  const url = new URL(`./${name}${extension}`, besideUrl);
  return extension === '.ts'
    ? new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
        { ...options, eval: true },
      )
    : new Worker(url, options);
};
