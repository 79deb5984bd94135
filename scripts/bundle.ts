/**
 * Bundles the compiled server (dist/, from tsc) into dist/bundle/: the `lottery` command, the
 * seal's worker thread and the SQLite checkpointer's thread. Loading one file instead of some
 * 1,500 modules halves start-up (ADR 0007).
 * Left out, and loaded from node_modules as usual: native addons, and packages that find their
 * own files at run time (static assets, worker scripts) or are loaded only when needed.
 */
import { build } from 'esbuild';

const external = [
  'better-sqlite3',
  'pg-native',
  '@fastify/swagger-ui',
  '@fastify/static',
  'pino',
  'pino-pretty',
  'thread-stream',
  'drand-client',
];

await build({
  entryPoints: {
    lottery: 'dist/cli/main.js',
    'subtree-worker': 'dist/infra/subtree-worker.js',
    'wal-checkpoint-worker': 'dist/db/wal-checkpoint-worker.js',
  },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  external,
  // Some bundled CommonJS packages call require(); ESM has none of its own.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  // Smaller text is faster to read and parse; names stay, so stack traces read as before.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
