/**
 * The benchmark suite (`npm run bench`): starts the real server as its own process on loopback,
 * drives it from a separate load-generator process, and writes every figure next to a baseline
 * measured in the same run to <out>/latest.md and latest.json (plus timestamped copies).
 * See docs/performance.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import {
  OptionsError,
  parseOptions,
  scenarioNames,
  usage,
  type BenchOptions,
  type Dialect,
} from './lib/options.js';
import { buildServer, repoRoot } from './lib/processes.js';
import { renderProfile, summariseProfile } from './lib/profile.js';
import {
  renderMarkdown,
  type MachineInfo,
  type Report,
  type ScenarioResult,
} from './lib/report.js';
import { Suite } from './lib/suite.js';
import { runMidnight } from './scenarios/midnight.js';
import { runStartup } from './scenarios/startup.js';
import { runThroughput } from './scenarios/throughput.js';

const postgresVersion = async (url: string): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]
      ?.server_version;
  } finally {
    await client.end().catch(() => {});
  }
};

const errorResult = (
  scenario: ScenarioResult['scenario'],
  database: Dialect,
  error: unknown,
): ScenarioResult => ({
  scenario,
  database,
  label: '',
  figures: [],
  raw: {},
  error: error instanceof Error ? (error.stack ?? error.message) : String(error),
});

export const runBench = async (
  options: BenchOptions,
): Promise<{ report: Report; outDir: string; failed: boolean }> => {
  const started = new Date();
  const stamp = started
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  const outDir = resolve(repoRoot, options.outDir);
  const workDir = join(outDir, 'tmp', stamp);
  const suite = new Suite(options, workDir, (message) => process.stderr.write(`${message}\n`));

  if (options.build) {
    suite.progress('building dist/ (npm run build:server)');
    buildServer();
  }

  const machine: MachineInfo = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadavg()[0]! },
  };
  if (options.databases.includes('postgres')) {
    machine.postgres = await postgresVersion(options.postgresUrl).catch((error: unknown) => {
      suite.progress(`PostgreSQL is not reachable at ${options.postgresUrl}: ${String(error)}`);
      return undefined;
    });
  }

  const results: ScenarioResult[] = [];
  try {
    for (const dialect of options.databases) {
      try {
        results.push(...(await runThroughput(suite, dialect)));
      } catch (error) {
        for (const s of options.scenarios.filter((n) =>
          ['intake', 'bulk', 'reads', 'login'].includes(n),
        )) {
          if (!results.some((r) => r.scenario === s && r.database === dialect))
            results.push(errorResult(s, dialect, error));
        }
      }
      if (options.scenarios.includes('midnight')) {
        try {
          results.push(await runMidnight(suite, dialect));
        } catch (error) {
          suite.progress(`midnight/${dialect} failed: ${String(error)}`);
          results.push(errorResult('midnight', dialect, error));
        }
      }
      if (options.scenarios.includes('startup')) {
        try {
          results.push(await runStartup(suite, dialect));
        } catch (error) {
          suite.progress(`startup/${dialect} failed: ${String(error)}`);
          results.push(errorResult('startup', dialect, error));
        }
      }
      for (const { db } of suite.bigDatabases.values()) if (!options.keep) await db.drop();
      suite.bigDatabases.clear();
    }
  } finally {
    await suite.close();
  }

  const order = (r: ScenarioResult) =>
    scenarioNames.indexOf(r.scenario) * 10 + options.databases.indexOf(r.database);
  results.sort((a, b) => order(a) - order(b));
  machine.loadAverage.end = loadavg()[0]!;
  const report: Report = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    quick: options.quick,
    options: { ...options, postgresUrl: undefined },
    machine,
    results,
  };

  mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(report);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  for (const name of ['latest', stamp]) {
    writeFileSync(join(outDir, `${name}.md`), markdown);
    writeFileSync(join(outDir, `${name}.json`), json);
  }
  if (suite.profiles.length > 0) {
    const text = [
      '# CPU profile of the server (node --cpu-prof)',
      '',
      `Run ${report.startedAt}, scenarios ${options.scenarios.join(', ')}.`,
      '',
      'Each section covers only the measured seconds of one load run (warm-up excluded), cut from the server’s profile by wall-clock time (± a few tens of ms).',
      '',
      ...suite.profiles.flatMap(({ file, windows }) =>
        windows.length === 0
          ? [renderProfile(summariseProfile(file, repoRoot))]
          : windows.map((window) => renderProfile(summariseProfile(file, repoRoot, window))),
      ),
    ].join('\n');
    writeFileSync(join(outDir, 'profile-latest.md'), text);
    suite.progress(
      `profile summary: ${join(outDir, 'profile-latest.md')} (raw profiles under ${workDir})`,
    );
  }

  const failed = results.some((r) => r.error !== undefined);
  if (failed || options.keep || suite.profiles.length > 0) {
    suite.progress(`server logs and leftovers: ${workDir}`);
  } else {
    rmSync(workDir, { recursive: true, force: true });
  }
  return { report, outDir, failed };
};

const main = async (): Promise<number> => {
  let options: BenchOptions | null;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof OptionsError || (error instanceof TypeError && 'code' in error)))
      throw error;
    process.stderr.write(`${error.message}\n\n${usage}\n`);
    return 2;
  }
  if (options === null) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const { report, outDir, failed } = await runBench(options);
  process.stdout.write(renderMarkdown(report));
  process.stdout.write(`\nWritten to ${join(outDir, 'latest.md')} and latest.json.\n`);
  return failed ? 1 : 0;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
