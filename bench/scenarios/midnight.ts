/**
 * Scenario 5: a draw holding N ballots reaches its midnight; how long until the result can be
 * read over the API, and how much memory does the server need for it?
 *
 * For each size, on one database: create a lottery through the API, seed N ballots straight into
 * its open draw, set its midnight ahead, restart the server (a clean peak-memory counter, and a
 * start-up time on a database that big), let it idle, sample its memory, and let it run through
 * the rest of the "day" as a server does (sealing the day's ballots ahead, ADR 0008); then poll
 * GET /api/v1/lotteries/:id/draws/:date until it says drawn. Ballots arriving in the last
 * seconds before midnight are not sealed ahead: the intake scenario's runs cover a busy close.
 */
import { Api } from '../lib/api.js';
import { createDatabase, openDirect, type DirectAccess } from '../lib/databases.js';
import type { Dialect } from '../lib/options.js';
import { now, readMemory, sleep, type Launched } from '../lib/processes.js';
import type { Figure, ScenarioResult } from '../lib/report.js';
import type { Suite } from '../lib/suite.js';

const MiB = 1024 * 1024;

/** Targets from the brief: time from midnight to readable, by size. */
const timeTargetS: Record<number, number> = { 1_000_000: 2, 10_000_000: 20 };
const MEMORY_TARGET_MB = 100;

export const sizeLabel = (n: number): string => {
  const short = (value: number, suffix: string) => `${Number(value.toFixed(1))}${suffix}`;
  if (n >= 1_000_000) return short(n / 1_000_000, 'M');
  if (n >= 1000) return short(n / 1000, 'k');
  return String(n);
};

export const runMidnight = async (suite: Suite, dialect: Dialect): Promise<ScenarioResult> => {
  const { options } = suite;
  const quick = options.quick;
  // The lead must exceed the scheduler's longest nap (1 s) for it to wake right at midnight;
  // quick runs do not care when it wakes.
  const settleMs = quick ? 100 : 2000;
  const leadMs = quick ? 300 : 2000;
  /**
   * The rest of the day, after the idle sample: the server's first sealing-ahead pass comes 5 s
   * after it starts, and a 2-core machine seals roughly a million ballots in 2 to 3 s.
   */
  const dayMs = (size: number) => (quick ? 0 : 5000 + (size / 1_000_000) * 4000);
  /** Time allowed for the restart before the settle period starts. */
  const startBudgetMs = quick ? 3000 : 8000;
  const db = await createDatabase(
    dialect,
    suite.workDir,
    options.postgresUrl,
    `midnight-${dialect}`,
  );
  let keepForStartup = false;
  let server: Launched | undefined;
  let direct: DirectAccess | undefined;
  try {
    // The server creates the schema; the direct connection comes after.
    server = await suite.startLottery(db, { admin: true });
    direct = await openDirect(db);
    let api = new Api(server.url);
    const adminCookie = await suite.adminCookie(api);
    // A few owners for the ballots (the seeding spreads them over these).
    await suite.participants(api, quick ? 2 : 10, 'bench-m');
    const owners = await direct.participantRange();

    const figures: Figure[] = [];
    const sizes: Record<string, unknown>[] = [];
    let total = 0;
    for (const size of options.midnightSizes) {
      const label = sizeLabel(size);
      const lottery = await api.createLottery(adminCookie, `Bench midnight ${label} ${dialect}`);
      const draw = await direct.openDraw(lottery.id, Date.now());
      suite.progress(`midnight/${dialect}: seeding ${label} ballots`);
      const seedStarted = now();
      await direct.seedBallots(draw, size, owners);
      const seedMs = now() - seedStarted;
      total += size;

      // Midnight is set before the server starts, as in production, where every draw's midnight
      // is in the database long before it comes and the scheduler wakes for it exactly. (Moved
      // behind a running server's back, it would be seen only at the next 1-second poll.)
      const closesAt = Date.now() + startBudgetMs + settleMs + dayMs(size) + leadMs;
      await direct.setClosesAt(draw.id, closesAt);
      // A fresh process: its VmHWM counts this draw only.
      await server.stop();
      server = await suite.startLottery(db, { admin: true, cpuProf: options.cpuProf });
      api = new Api(server.url);
      const startupMs = server.readyMs;
      await sleep(settleMs);
      const idle = server.memory();
      if (!idle) throw new Error('cannot read the server’s memory from /proc');
      // (A quick run's figures mean nothing: it goes on whatever the timing.)
      if (!quick && Date.now() > closesAt - leadMs / 2)
        throw new Error(`the server took too long to start (${startupMs} ms) to measure midnight`);
      suite.progress(
        `midnight/${dialect}: ${label} ballots, midnight in ${closesAt - Date.now()} ms`,
      );
      const limitMs = Math.max(120_000, (size / 1_000_000) * 60_000);
      const deadline = now() + (closesAt - Date.now()) + limitMs;
      let maxRss = idle.rss;
      let status = 'open';
      let drawnAt: string | null = null;
      let readableAt = Number.NaN;
      let polls = 0;
      let longestPollMs = 0;
      let sealedAhead: number | undefined;
      while (status !== 'drawn') {
        if (now() > deadline)
          throw new Error(
            `the ${label}-ballot draw was not drawn within ${Math.round(limitMs / 1000)} s of midnight`,
          );
        await sleep(Date.now() < closesAt - 50 ? 50 : 20);
        // What the day left sealed (sealing ahead stops 2 s before midnight).
        if (sealedAhead === undefined && Date.now() >= closesAt - 1000)
          sealedAhead = await direct.sealedAhead(draw.id);
        const sample = readMemory(server.pid);
        if (sample) maxRss = Math.max(maxRss, sample.rss);
        // The server may not answer at all while it seals: wait as long as the scenario allows.
        const asked = now();
        const view = await api.draw(
          lottery.id,
          draw.date,
          Math.round(Math.max(1000, deadline - asked)),
        );
        longestPollMs = Math.max(longestPollMs, now() - asked);
        polls += 1;
        status = view.status;
        if (status === 'drawn') {
          readableAt = Date.now();
          drawnAt = view.drawnAt;
          if (view.ballotCount !== size)
            throw new Error(`the draw sealed ${view.ballotCount} ballots, not ${size}`);
        }
      }
      suite.markWindow(server, `midnight ${dialect}: ${label} ballots`, closesAt, readableAt);
      const after = server.memory();
      const peak = Math.max(after?.hwm ?? 0, maxRss);
      const readableS = (readableAt - closesAt) / 1000;
      const growthMb = (peak - idle.rss) / MiB;
      figures.push(
        {
          metric: `${label} ballots: midnight → readable`,
          value: readableS,
          unit: 's',
          target:
            timeTargetS[size] !== undefined ? { kind: 'max', value: timeTargetS[size] } : undefined,
        },
        {
          metric: `${label} ballots: sealed ahead during the day`,
          value: (100 * (sealedAhead ?? 0)) / size,
          unit: '%',
          note: 'whole pages of 65,536; the rest is hashed at midnight',
        },
        {
          metric: `${label} ballots: longest wait for a draw read while it was drawn`,
          value: longestPollMs / 1000,
          unit: 's',
          note: 'the API’s responsiveness during the seal; no target',
        },
        {
          metric: `${label} ballots: server memory growth over idle`,
          value: growthMb,
          unit: 'MB',
          target: { kind: 'max', value: MEMORY_TARGET_MB },
          note: `idle ${Math.round(idle.rss / MiB)} MB, peak ${Math.round(peak / MiB)} MB`,
        },
      );
      sizes.push({
        size,
        seedMs,
        seedPerS: size / (seedMs / 1000),
        startupMs,
        closesAt: new Date(closesAt).toISOString(),
        drawnAt,
        serverDrawnAfterMs: drawnAt === null ? null : Date.parse(drawnAt) - closesAt,
        readableAfterMs: readableAt - closesAt,
        polls,
        longestPollMs,
        sealedAhead,
        dayMs: dayMs(size),
        idleRss: idle.rss,
        idleHwm: idle.hwm,
        peakHwm: after?.hwm ?? null,
        maxSampledRss: maxRss,
        growthBytes: peak - idle.rss,
      });
    }
    keepForStartup = options.scenarios.includes('startup');
    if (keepForStartup) suite.bigDatabases.set(dialect, { db, ballots: total });
    return {
      scenario: 'midnight',
      database: dialect,
      label: `Sizes ${options.midnightSizes.map(sizeLabel).join(', ')}: ballots seeded straight into one draw each, its midnight set ahead, the server restarted, idle ${settleMs} ms, then running through the rest of the day (${quick ? 0 : '5 s + 4 s per million ballots'}, in which it seals whole pages ahead); time from that midnight until GET /api/v1/lotteries/:id/draws/:date first says drawn (polled every 20 ms), and the server's peak RSS (VmHWM) minus its idle RSS.`,
      figures,
      raw: { sizes },
    };
  } finally {
    await direct?.close();
    await server?.stop();
    if (!keepForStartup && !options.keep) await db.drop();
  }
};
