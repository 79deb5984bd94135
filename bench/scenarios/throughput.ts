/**
 * Scenarios 1–4 on one database: single-ballot intake, bulk intake, reads and logins, against one
 * server started for them. They run in this order and build on each other: reads are measured
 * after intake, on a day that intake filled and whose draw has been drawn.
 */
import { Api, type Identity } from '../lib/api.js';
import { createDatabase, openDirect } from '../lib/databases.js';
import type { LoadRequest, LoadResult } from '../lib/load-types.js';
import type { Dialect, ScenarioName } from '../lib/options.js';
import { now, sleep } from '../lib/processes.js';
import type { Figure, ScenarioResult } from '../lib/report.js';
import type { Suite } from '../lib/suite.js';

export const throughputScenarios: ScenarioName[] = ['intake', 'bulk', 'reads', 'login'];
const BULK_QUANTITY = 1000;

/** YYYY-MM-DD plus `days`, in plain calendar arithmetic. */
const addDaysUtc = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const json = { 'content-type': 'application/json' };

const ballotRequests = (
  identities: Identity[],
  lotteryId: number,
  quantity: number,
): LoadRequest[] =>
  identities.map((identity) => ({
    method: 'POST',
    path: `/api/v1/lotteries/${lotteryId}/ballots`,
    headers: { ...json, ...identity.headers },
    body: JSON.stringify({ quantity }),
  }));

/** The figures every load run reports: throughput, p50, p99, failures. */
const loadFigures = (
  what: string,
  result: LoadResult,
  baseline: LoadResult,
  targets: { ratio?: number; p99Ms?: number } = {},
  prefix = '',
): Figure[] =>
  (
    [
      {
        metric: what,
        value: result.okPerS,
        unit: '/s',
        baseline: baseline.okPerS,
        target:
          targets.ratio !== undefined
            ? { kind: 'min-ratio' as const, ratio: targets.ratio }
            : undefined,
      },
      {
        metric: 'p50 latency',
        value: result.latencyMs.p50,
        unit: 'ms',
        baseline: baseline.latencyMs.p50,
      },
      {
        metric: 'p99 latency',
        value: result.latencyMs.p99,
        unit: 'ms',
        baseline: baseline.latencyMs.p99,
        target:
          targets.p99Ms !== undefined ? { kind: 'max' as const, value: targets.p99Ms } : undefined,
      },
      {
        metric: 'errors + non-2xx',
        value: result.errors + result.timeouts + result.non2xx,
        unit: '',
        note:
          result.non2xx + result.errors + result.timeouts > 0
            ? `status ${JSON.stringify(result.statusCounts)}${result.firstError ? `, ${result.firstError}` : ''}`
            : undefined,
      },
    ] satisfies Figure[]
  ).map((f): Figure => ({ ...f, metric: `${prefix}${f.metric}` }));

export const runThroughput = async (suite: Suite, dialect: Dialect): Promise<ScenarioResult[]> => {
  const wanted = throughputScenarios.filter((s) => suite.options.scenarios.includes(s));
  if (wanted.length === 0) return [];
  const { options } = suite;
  const results: ScenarioResult[] = [];
  const fail = (scenario: ScenarioName, error: unknown) => {
    suite.progress(`${scenario}/${dialect} failed: ${String(error)}`);
    results.push({
      scenario,
      database: dialect,
      label: '',
      figures: [],
      raw: {},
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  };

  const db = await createDatabase(
    dialect,
    suite.workDir,
    options.postgresUrl,
    `throughput-${dialect}`,
  );
  let server;
  try {
    server = await suite.startLottery(db, { admin: true, cpuProf: options.cpuProf });
  } catch (error) {
    for (const s of wanted) fail(s, error);
    if (!options.keep) await db.drop();
    return results;
  }
  const api = new Api(server.url);
  const direct = await openDirect(db);
  try {
    suite.progress(
      `${dialect}: registering ${options.participants} participants (argon2id, through the API)`,
    );
    let setup: { identities: Identity[]; usernames: string[]; adminCookie: string };
    try {
      const adminCookie = await suite.adminCookie(api);
      setup = { ...(await suite.participants(api, options.participants, 'bench-p')), adminCookie };
    } catch (error) {
      for (const s of wanted) fail(s, error);
      return results;
    }
    const { identities, usernames, adminCookie } = setup;
    const mix = `${identities.filter((i) => i.kind === 'token').length} with bearer tokens, ${identities.filter((i) => i.kind === 'cookie').length} with session cookies`;

    // 1. Single-ballot intake.
    let intakeLotteryId: number | undefined;
    if (wanted.includes('intake')) {
      try {
        const lottery = await api.createLottery(adminCookie, `Bench intake ${dialect}`);
        intakeLotteryId = lottery.id;
        const requests = ballotRequests(identities, lottery.id, 1);
        const spec = suite.spec(server.url, requests, options.connections);
        const { result, baseline, raw } = await suite.measure(
          server,
          `intake/${dialect}`,
          `POST quantity 1 × ${options.connections}`,
          spec,
        );
        results.push({
          scenario: 'intake',
          database: dialect,
          label: `POST /api/v1/lotteries/:id/ballots {quantity: 1}, ${options.connections} connections, ${options.durationS} s after ${options.warmupS} s warm-up, ${identities.length} participants (${mix}); each connection cycles through all of them.`,
          figures: loadFigures('ballots/s', result, baseline, {
            ratio: dialect === 'sqlite' ? 0.5 : 0.25,
            p99Ms: dialect === 'sqlite' ? 25 : undefined,
          }),
          raw,
        });
      } catch (error) {
        fail('intake', error);
      }
    }

    // 3. Reads, on a drawn day (the intake day, its draw moved to close now).
    if (wanted.includes('reads')) {
      try {
        const lotteryId =
          intakeLotteryId ?? (await api.createLottery(adminCookie, `Bench reads ${dialect}`)).id;
        const draw = await direct.openDraw(lotteryId, Date.now());
        await direct.seedBallots(draw, 1000, await direct.participantRange());
        const ballots = await direct.countBallots(draw.id);
        await direct.setClosesAt(draw.id, Date.now() + 300);
        const deadline = now() + 60_000;
        while ((await api.draw(lotteryId, draw.date)).status !== 'drawn') {
          if (now() > deadline)
            throw new Error(`the draw of ${draw.date} was not drawn within 60 s`);
          await sleep(50);
        }
        const figures: Figure[] = [];
        const settledDate = addDaysUtc(draw.date, -3);
        const raw: Record<string, unknown> = { date: draw.date, settledDate, ballots };
        const reads: [string, string, (() => Promise<void>)?][] = [
          ['winners of the day just drawn', `/api/v1/draws?date=${draw.date}`],
          ['lottery list', '/api/v1/lotteries'],
          // Last: the draw is given a date three days back, so it reads as a settled day.
          [
            'winners of a settled day',
            `/api/v1/draws?date=${settledDate}`,
            () => direct.setDrawDate(draw.id, settledDate),
          ],
        ];
        for (const [name, path, before] of reads) {
          await before?.();
          const spec = suite.spec(
            server.url,
            [{ method: 'GET', path, headers: {} }],
            options.connections,
          );
          const measured = await suite.measure(
            server,
            `reads/${dialect}: ${name}`,
            `GET × ${options.connections}`,
            spec,
          );
          figures.push(
            ...loadFigures(
              'reads/s',
              measured.result,
              measured.baseline,
              { ratio: 0.8 },
              `${name}: `,
            ),
          );
          raw[name] = { path, ...measured.raw };
        }
        results.push({
          scenario: 'reads',
          database: dialect,
          label: `Anonymous GETs, ${options.connections} connections, ${options.durationS} s each after ${options.warmupS} s warm-up: /api/v1/draws?date=${draw.date} right after that day's draw was drawn (${ballots.toLocaleString('en-US')} ballots, ${intakeLotteryId !== undefined ? 'the intake lottery' : 'a lottery of its own'}, its midnight moved to now); /api/v1/lotteries (the lotteries created so far, each with today's ballot count); and /api/v1/draws?date=${settledDate}, the same draw moved three days back in the database so that it reads as a settled day.`,
          figures,
          raw,
        });
      } catch (error) {
        fail('reads', error);
      }
    }

    // 2. Bulk intake, into a lottery of its own.
    if (wanted.includes('bulk')) {
      try {
        const lottery = await api.createLottery(adminCookie, `Bench bulk ${dialect}`);
        const requests = ballotRequests(identities, lottery.id, BULK_QUANTITY);
        const spec = suite.spec(server.url, requests, options.bulkConnections);
        const { result, baseline, raw } = await suite.measure(
          server,
          `bulk/${dialect}`,
          `POST quantity ${BULK_QUANTITY} × ${options.bulkConnections}`,
          spec,
        );
        const [requestsFigure, ...rest] = loadFigures('requests/s', result, baseline);
        results.push({
          scenario: 'bulk',
          database: dialect,
          label: `POST /api/v1/lotteries/:id/ballots {quantity: ${BULK_QUANTITY}}, ${options.bulkConnections} connections, ${options.durationS} s after ${options.warmupS} s warm-up, same participants.`,
          figures: [
            {
              metric: 'ballots/s',
              value: result.okPerS * BULK_QUANTITY,
              unit: '/s',
              target: dialect === 'sqlite' ? { kind: 'min', value: 1_000_000 } : undefined,
            },
            requestsFigure!,
            ...rest,
          ],
          raw: { quantity: BULK_QUANTITY, ...raw },
        });
      } catch (error) {
        fail('bulk', error);
      }
    }

    // 4. Logins with the real argon2id cost.
    if (wanted.includes('login')) {
      try {
        const requests: LoadRequest[] = usernames.map((username) => ({
          method: 'POST',
          path: '/api/v1/sessions',
          headers: json,
          body: JSON.stringify({ username, password: suite.participantPassword }),
        }));
        const spec = suite.spec(server.url, requests, options.loginConnections);
        const { result, baseline, raw } = await suite.measure(
          server,
          `login/${dialect}`,
          `POST login × ${options.loginConnections}`,
          spec,
        );
        results.push({
          scenario: 'login',
          database: dialect,
          label: `POST /api/v1/sessions with the right password (argon2id m=19 MiB, t=2, p=1), ${options.loginConnections} connections, ${options.durationS} s after ${options.warmupS} s warm-up; deliberately slow.`,
          figures: loadFigures('logins/s', result, baseline),
          raw,
        });
      } catch (error) {
        fail('login', error);
      }
    }
    return results;
  } finally {
    await direct.close();
    await server.stop();
    if (!options.keep) await db.drop();
  }
};
