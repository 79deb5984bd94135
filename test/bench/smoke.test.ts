import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../bench/lib/report.js';
import { scenarioNames, type Dialect } from '../../bench/lib/options.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'lottery-bench-smoke-'));
const dialects: Dialect[] = process.env.SKIP_POSTGRES === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

/** Runs `bench/run.ts --quick` for one database; resolves with its exit code and output. */
const runQuick = (dialect: Dialect) =>
  new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/run.ts',
        '--quick',
        '--no-build',
        '--db',
        dialect,
        '--out',
        join(out, dialect),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });

afterAll(() => rmSync(out, { recursive: true, force: true }));

// Only that the suite runs and reports every scenario: quick-mode figures mean nothing, so no
// timing is asserted. One run per database, side by side, to keep this well under a minute.
describe('npm run bench -- --quick', () => {
  it(
    'runs every scenario on every database and writes the reports',
    { timeout: 120_000 },
    async () => {
      const build = spawnSync('npm', ['run', 'build:server', '--silent'], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(build.status, build.stdout + build.stderr).toBe(0);

      const runs = await Promise.all(dialects.map(runQuick));
      for (const [i, dialect] of dialects.entries()) {
        const { code, output } = runs[i]!;
        expect(code, output).toBe(0);
        const report = JSON.parse(
          readFileSync(join(out, dialect, 'latest.json'), 'utf8'),
        ) as Report;
        const markdown = readFileSync(join(out, dialect, 'latest.md'), 'utf8');
        expect(report.quick).toBe(true);
        for (const scenario of scenarioNames) {
          const result = report.results.find(
            (r) => r.scenario === scenario && r.database === dialect,
          );
          expect(result, `${scenario} on ${dialect}`).toBeDefined();
          expect(result!.error, `${scenario} on ${dialect}`).toBeUndefined();
          expect(result!.figures.length, `${scenario} on ${dialect}`).toBeGreaterThan(0);
          for (const figure of result!.figures) expect(typeof figure.value).toBe('number');
          expect(markdown).toContain(`| ${scenario} | ${dialect} |`);
        }
      }
    },
  );
});
