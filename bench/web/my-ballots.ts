/**
 * My ballots for a player with 100,000 ballots (issue 24, item 7), measured in Chromium against
 * the real server on both databases. Not a test (no thresholds): it prints the figures.
 *
 *   node --import tsx bench/web/my-ballots.ts [--dialect sqlite|postgres] [--runs 7]
 *
 * Shapes of 100,000 ballots:
 * - "one draw, interleaved": 100,000 single-ballot submissions to one draw, each followed by
 *   another player's, so the player's numbers form 100,000 ranges of one (the worst case);
 * - "100 draws": 1,000 single-ballot submissions a day for 100 days, in a row each day.
 * Measured: GET /api/v1/me/draws (first page) on the server, and in the browser the time from
 * navigation to the first page of draws on screen, and to the next page after "Load older draws".
 */
import { sql } from 'kysely';
import { parseArgs } from 'node:util';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { startTestServer, type TestServer } from '../../test/support/http-server.js';
import { launchBrowser, newContext } from '../../test/e2e/browser.js';
import type { DialectName } from '../../src/db/connect.js';

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    runs: { type: 'string', default: '7' },
  },
});
const dialect = values.dialect as DialectName;
const runs = Number(values.runs);
const PASSWORD = 'bench-meadow-lantern';
const TOTAL = 100_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Inserts ballot rows with explicit numbers (bench seeding only, ADR 0016's rule kept). */
const seedRows = async (
  server: TestServer,
  rows: { id: number; drawId: number; lotteryId: number; participantId: number; at: number }[],
) => {
  const { db } = server.ctx;
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    await db
      .insertInto('ballots')
      .values(
        chunk.map((r) => ({
          id: r.id,
          draw_id: r.drawId,
          lottery_id: r.lotteryId,
          participant_id: r.participantId,
          submitted_at: r.at,
          quantity: 1,
        })),
      )
      .execute();
  }
  const perDraw = new Map<number, number>();
  for (const r of rows) perDraw.set(r.drawId, (perDraw.get(r.drawId) ?? 0) + 1);
  for (const [drawId, n] of perDraw) {
    await db
      .insertInto('draw_ballot_counts')
      .values({ draw_id: drawId, shard: 0, ballots: n })
      .execute();
  }
  if (dialect === 'postgres') await sql`analyze ballots`.execute(db);
};

const scenario = async (name: string, build: (server: TestServer) => Promise<void>) => {
  const server = await startTestServer({ dialect, at: '2026-06-10T12:00:00Z' });
  const browser = await launchBrowser();
  try {
    await build(server);
    const login = await fetch(`${server.url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username: 'player', password: PASSWORD }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const api: number[] = [];
    for (let i = 0; i < runs * 3; i++) {
      const t = performance.now();
      const response = await fetch(`${server.url}/api/v1/me/draws`, { headers: { cookie } });
      await response.json();
      api.push(performance.now() - t);
    }
    const context = await newContext(browser, server.url);
    const [cookieName, cookieValue] = cookie.split('=') as [string, string];
    await context.addCookies([{ name: cookieName, value: cookieValue, url: server.url }]);
    const page = await context.newPage();
    const firstPage: number[] = [];
    const nextPage: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      await page.goto('/my/ballots');
      await page.locator('.ballot-group').first().waitFor();
      firstPage.push(performance.now() - t);
      const more = page.getByRole('button', { name: 'Load older draws' });
      if ((await more.count()) > 0) {
        const before = await page.locator('.ballot-group').count();
        const u = performance.now();
        await more.click();
        await page.locator('.ballot-group').nth(before).waitFor();
        nextPage.push(performance.now() - u);
      }
    }
    const summary = await page
      .locator('.ballot-group')
      .first()
      .locator('.draw-share')
      .textContent();
    console.log(
      `${dialect} · ${name}: API first page median ${median(api).toFixed(1)} ms; ` +
        `browser: first page on screen ${median(firstPage).toFixed(0)} ms` +
        (nextPage.length ? `, next page ${median(nextPage).toFixed(0)} ms` : '') +
        ` (median of ${runs}); first card: "${summary}"`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
};

const setup = async (server: TestServer, days: number) => {
  const { ctx } = server;
  const player = await registerParticipant(ctx, { username: 'player', password: PASSWORD });
  const other = await registerParticipant(ctx, { username: 'other', password: PASSWORD });
  const lottery = await createLottery(ctx, {
    name: 'Daily',
    startsOn: '2026-06-10',
    timeZone: 'UTC',
  });
  // Past days' draws, made directly (the service only plans today's and tomorrow's).
  const draws: number[] = [];
  const today = await ctx.db
    .selectFrom('draws')
    .selectAll()
    .where('lottery_id', '=', lottery.id)
    .where('draw_date', '=', '2026-06-10')
    .executeTakeFirstOrThrow();
  draws.push(Number(today.id));
  for (let d = 1; d < days; d++) {
    const date = new Date(Date.parse('2026-06-10') - d * 86_400_000).toISOString().slice(0, 10);
    const row = await ctx.db
      .insertInto('draws')
      .values({
        ...today,
        id: undefined as never,
        draw_date: date,
        opens_at: Number(today.opens_at) - d * 86_400_000,
        closes_at: Number(today.closes_at) - d * 86_400_000,
        record_hash: `${today.record_hash.slice(0, 56)}${String(d).padStart(8, '0')}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    draws.push(Number(row.id));
  }
  return { player: player.id, other: other.id, lotteryId: lottery.id, draws };
};

await scenario('100,000 ballots in one draw, interleaved (100,000 ranges)', async (server) => {
  const s = await setup(server, 1);
  const at = Date.parse('2026-06-10T08:00:00Z');
  const rows = Array.from({ length: TOTAL * 2 }, (_, i) => ({
    id: i + 1,
    drawId: s.draws[0]!,
    lotteryId: s.lotteryId,
    participantId: i % 2 === 0 ? s.player : s.other,
    at: at + i,
  }));
  await seedRows(server, rows);
});

await scenario('100,000 ballots over 100 draws', async (server) => {
  const s = await setup(server, 100);
  const rows = [];
  let id = 1;
  // Oldest day first, so numbers grow with time.
  for (let d = s.draws.length - 1; d >= 0; d--) {
    const at = Date.parse('2026-06-10T08:00:00Z') - d * 86_400_000;
    for (let i = 0; i < TOTAL / s.draws.length; i++) {
      rows.push({
        id: id++,
        drawId: s.draws[d]!,
        lotteryId: s.lotteryId,
        participantId: s.player,
        at: at + i,
      });
    }
  }
  await seedRows(server, rows);
});
