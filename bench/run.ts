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
import { quietProbe } from './lib/cpu.js';
import { dropAll } from './lib/databases.js';
import { buildServer, killChildren, repoRoot } from './lib/processes.js';
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
import { runThroughput, throughputScenarios } from './scenarios/throughput.js';

const postgresVersion = async (url: string): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]
      ?.server_version;
  } finally {
    await client.end().catch(() => {});
  }
};

/** Errors that mean the PostgreSQL server went away (restart, shutdown), not a bug. */
const isOutage = (message: string): boolean =>
  /terminating connection|Connection terminated|ECONNREFUSED|ECONNRESET|57P01|57P03|shutting down|starting up|answered 503/i.test(
    message,
  );

/** Resolves true once PostgreSQL accepts a connection again, false after `timeoutMs`. */
const waitForPostgres = async (url: string, timeoutMs: number): Promise<boolean> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await postgresVersion(url).catch(() => undefined)) !== undefined) return true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return false;
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
    // Before any server or database of the suite runs: what else takes the CPUs from it.
    quiet: await quietProbe(),
  };
  if (options.databases.includes('postgres')) {
    machine.postgres = await postgresVersion(options.postgresUrl).catch((error: unknown) => {
      suite.progress(`PostgreSQL is not reachable at ${options.postgresUrl}: ${String(error)}`);
      return undefined;
    });
  }

  const results: ScenarioResult[] = [];
  /**
   * Runs one group of scenarios; a group that lost PostgreSQL midway (another suite on this
   * machine may restart the shared server) is run once more after it is back.
   */
  const run = async (
    dialect: Dialect,
    names: ScenarioResult['scenario'][],
    work: () => Promise<ScenarioResult[]>,
  ): Promise<void> => {
    const attempt = async () => {
      try {
        return await work();
      } catch (error) {
        suite.progress(`${names.join(',')}/${dialect} failed: ${String(error)}`);
        return names.map((name) => errorResult(name, dialect, error));
      }
    };
    let outcome = await attempt();
    if (dialect === 'postgres' && outcome.some((r) => r.error !== undefined && isOutage(r.error))) {
      suite.progress(
        `PostgreSQL went away during ${names.join(',')}; waiting for it, then once more`,
      );
      for (const { db } of suite.bigDatabases.values()) await db.drop().catch(() => {});
      suite.bigDatabases.clear();
      if (await waitForPostgres(options.postgresUrl, 180_000)) outcome = await attempt();
    }
    results.push(...outcome);
  };

  try {
    for (const dialect of options.databases) {
      const throughput = options.scenarios.filter((n) => throughputScenarios.includes(n));
      if (throughput.length > 0)
        await run(dialect, throughput, () => runThroughput(suite, dialect));
      if (options.scenarios.includes('midnight')) {
        await run(dialect, ['midnight'], async () => [await runMidnight(suite, dialect)]);
      }
      if (options.scenarios.includes('startup')) {
        await run(dialect, ['startup'], async () => [await runStartup(suite, dialect)]);
      }
      for (const { db } of suite.bigDatabases.values())
        if (!options.keep) await db.drop().catch(() => {});
      suite.bigDatabases.clear();
    }
  } finally {
    await suite.close();
  }

  const order = (r: ScenarioResult) =>
    scenarioNames.indexOf(r.scenario) * 10 + options.databases.indexOf(r.database);
  results.sort((a, b) => order(a) - order(b));
  machine.loadAverage.end = loadavg()[0]!;
  if (suite.steals.length > 0) {
    machine.stealDuringLoad = {
      mean: suite.steals.reduce((a, b) => a + b, 0) / suite.steals.length,
      max: Math.max(...suite.steals),
    };
  }
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(
      `\n${signal}: stopping the servers and load generators this run started\n`,
    );
    killChildren();
    // Then drop this run's databases, within a few seconds.
    setTimeout(() => process.exit(130), 10_000).unref();
    setTimeout(() => {
      dropAll().finally(() => process.exit(130));
    }, 500).unref();
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
