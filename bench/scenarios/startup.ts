/**
 * Scenario 6: how long from launching `node bin/lottery.js serve` until GET /readyz answers 200,
 * on an empty database and on one holding the largest midnight draw (reused from the midnight
 * scenario when it ran; seeded here otherwise).
 */
import { Api } from '../lib/api.js';
import {
  createDatabase,
  openDirect,
  settlePostgres,
  type BenchDatabase,
  type DirectAccess,
} from '../lib/databases.js';
import type { Dialect } from '../lib/options.js';
import type { Figure, ScenarioResult } from '../lib/report.js';
import type { Suite } from '../lib/suite.js';
import { sizeLabel } from './midnight.js';

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const launches = async (suite: Suite, db: BenchDatabase, count: number): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = await suite.startLottery(db);
    times.push(server.readyMs);
    await server.stop();
  }
  return times;
};

/** A database holding `ballots` ballots in one open draw, for when the midnight scenario did not run. */
const seedBig = async (suite: Suite, dialect: Dialect, ballots: number): Promise<BenchDatabase> => {
  const db = await createDatabase(
    dialect,
    suite.workDir,
    suite.options.postgresUrl,
    `startup-big-${dialect}`,
  );
  const server = await suite.startLottery(db, { admin: true });
  let direct: DirectAccess | undefined;
  try {
    direct = await openDirect(db);
    const api = new Api(server.url);
    const cookie = await suite.adminCookie(api);
    await suite.participants(api, 2, 'bench-s');
    const lottery = await api.createLottery(cookie, `Bench start-up ${dialect}`);
    const draw = await direct.openDraw(lottery.id, Date.now());
    suite.progress(`startup/${dialect}: seeding ${sizeLabel(ballots)} ballots`);
    await direct.seedBallots(draw, ballots, await direct.participantRange());
    return db;
  } finally {
    await direct?.close();
    await server.stop();
  }
};

export const runStartup = async (suite: Suite, dialect: Dialect): Promise<ScenarioResult> => {
  const { options } = suite;
  const count = options.startupLaunches;
  const largest = options.midnightSizes[options.midnightSizes.length - 1]!;
  const figures: Figure[] = [];
  const raw: Record<string, unknown> = {};

  const empty = await createDatabase(
    dialect,
    suite.workDir,
    options.postgresUrl,
    `startup-empty-${dialect}`,
  );
  try {
    if (dialect === 'postgres') raw.settleEmptyMs = await settlePostgres(options.postgresUrl);
    suite.progress(`startup/${dialect}: empty database, ${count} launch(es)`);
    const times = await launches(suite, empty, count);
    raw.emptyMs = times;
    figures.push({
      metric: 'empty database: launch → /readyz 200',
      value: median(times),
      unit: 'ms',
      target: { kind: 'max', value: 1000 },
      note: count > 1 ? `median of ${count}; the first creates the schema` : 'creates the schema',
    });
  } finally {
    if (!options.keep) await empty.drop();
  }

  const reused = suite.bigDatabases.get(dialect);
  const big = reused ? reused : { db: await seedBig(suite, dialect, largest), ballots: largest };
  suite.bigDatabases.delete(dialect);
  try {
    if (dialect === 'postgres') raw.settleBigMs = await settlePostgres(options.postgresUrl);
    suite.progress(`startup/${dialect}: ${sizeLabel(big.ballots)} ballots, ${count} launch(es)`);
    const times = await launches(suite, big.db, count);
    raw.bigMs = times;
    raw.bigBallots = big.ballots;
    figures.push({
      metric: `${sizeLabel(big.ballots)} ballots: launch → /readyz 200`,
      value: median(times),
      unit: 'ms',
      target: { kind: 'max', value: 1000 },
      note: count > 1 ? `median of ${count}` : undefined,
    });
  } finally {
    if (!options.keep) await big.db.drop();
  }
  return {
    scenario: 'startup',
    database: dialect,
    label: `Time from spawning \`node bin/lottery.js serve\` (built dist/) to the first 200 from GET /readyz (probed every 5 ms), on a brand-new database and on one holding ${sizeLabel(big.ballots)} ballots${reused ? ' (the midnight scenario’s)' : ''}; ${count} launch(es) each${dialect === 'postgres' ? ', each group after a PostgreSQL checkpoint, with no autovacuum worker running' : ''}.`,
    figures,
    raw,
  };
};
