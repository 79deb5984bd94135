#!/usr/bin/env node
// The `lottery` command. Builds the TypeScript sources first when they have not been built yet.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// On an unsupported Node: one line and exit 1, before anything could crash on loading an addon.
module.createRequire(import.meta.url)('./check-node.cjs');
// V8's compiled code for the bundle is kept on disk (the OS's temporary folder) between starts.
module.enableCompileCache();

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The bundle of dist/cli/main.js (scripts/bundle.ts): one file loads much faster than many.
const entry = join(root, 'dist', 'bundle', 'lottery.mjs');
if (!existsSync(entry)) {
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
