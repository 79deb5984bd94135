import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws, ensureAllDraws } from '../../src/app/draws.js';
import { cancelLottery, createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import {
  describeViolations,
  launchBrowser,
  newContext,
  poll,
  seriousViolations,
} from './browser.js';
import { layoutFaults } from './layout.js';

const PASSWORD = 'quartz-meadow-lantern';
const WIDTHS = [390, 768, 1280] as const;
const PAGES = [
  'home',
  'lottery-open',
  'lottery-upcoming',
  'lottery-finished',
  'lottery-cancelledAfter',
  'lottery-cancelledBefore',
  'winners',
  'draw',
  'my-ballots',
] as const;
/** Every page of this run, at every width, goes here (not committed: test-results/ is ignored). */
const screensDir = resolve(import.meta.dirname, '../../test-results/screens');

/** The longest names, descriptions and time zones a lottery can have, in every state. */
const long = {
  name: (state: string) =>
    `The Grand ${state} Midsummer Jubilee Lottery of the Northern Provinces and Islands`.slice(
      0,
      100,
    ),
  word: 'Supercalifragilisticexpialidociouslyextraordinarilyunpronounceable',
  description:
    'This lottery draws one winning ballot every single day at midnight in its own time zone, and every draw can be checked by anyone. '.repeat(
      6,
    ),
  zone: 'America/North_Dakota/New_Salem',
};

/**
 * Issue 24, item 9: a cancelled lottery broke the home page (overlapping text at 1280 px, a page
 * 437 px wide at 390 px). Every page, with lotteries in every state and the longest texts, at a
 * phone's, a tablet's and a desktop's width: nothing sticks out sideways, no text is drawn over
 * other text or cut off sideways, and axe finds nothing serious.
 */
describe('every screen at phone, tablet and desktop widths', () => {
  let server: TestServer;
  let browser: Browser;
  let cookies: Awaited<ReturnType<BrowserContext['cookies']>>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ at: '2026-03-01T12:00:00Z' }),
      launchBrowser(),
    ]);
    const { ctx } = server;
    const player = await registerParticipant(ctx, { username: 'zoe', password: PASSWORD });
    const finished = await createLottery(ctx, {
      name: long.name('Finished'),
      description: long.description,
      startsOn: '2026-03-01',
      endsOn: '2026-03-02',
      timeZone: long.zone,
    });
    ids.finished = finished.id;
    await submitBallots(ctx, player, finished.id, 3);
    ids.cancelledAfter = (
      await createLottery(ctx, {
        name: long.name('Cancelled'),
        description: `${long.word} ${long.description}`,
        startsOn: '2026-03-01',
        timeZone: long.zone,
      })
    ).id;
    ctx.clock.set('2026-03-10T12:00:00Z');
    await ensureAllDraws(ctx);
    await closeDueDraws(ctx);
    ids.open = (
      await createLottery(ctx, {
        name: long.name('Open'),
        description: long.description,
        startsOn: '2026-03-10',
        timeZone: long.zone,
      })
    ).id;
    ids.openWord = (
      await createLottery(ctx, {
        name: long.word,
        description: long.word,
        startsOn: '2026-03-10',
        timeZone: 'UTC',
      })
    ).id;
    ids.upcoming = (
      await createLottery(ctx, {
        name: long.name('Upcoming'),
        description: long.description,
        startsOn: '2026-04-01',
        timeZone: long.zone,
      })
    ).id;
    ids.cancelledBefore = (
      await createLottery(ctx, {
        name: long.name('Never Held'),
        description: long.description,
        startsOn: '2026-04-15',
        timeZone: long.zone,
      })
    ).id;
    await cancelLottery(ctx, ids.cancelledAfter);
    await cancelLottery(ctx, ids.cancelledBefore);
    await submitBallots(ctx, player, ids.open, 1000);
    await submitBallots(ctx, player, ids.openWord, 3);
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await page.goto('/login');
    await page.getByLabel('Username').fill('zoe');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    cookies = await context.cookies();
    await context.close();
    mkdirSync(screensDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The pages, each with what shows that it has finished loading. */
  const pages = (): { name: string; path: string; ready: (p: Page) => Promise<boolean> }[] => {
    const heading = (text: string) => (p: Page) =>
      p
        .getByRole('heading', { level: 1 })
        .textContent()
        .then((t) => (t ?? '').includes(text));
    const lottery = (key: string, title: string) => ({
      name: `lottery-${key}`,
      path: `/lotteries/${ids[key]}`,
      ready: async (p: Page) =>
        (await heading(title)(p)) && (await p.locator('.table, .empty').count()) > 0,
    });
    return [
      {
        name: 'home',
        path: '/',
        ready: async (p) => (await p.locator('.lottery-row').count()) === 4,
      },
      lottery('open', 'Open'),
      lottery('upcoming', 'Upcoming'),
      lottery('finished', 'Finished'),
      lottery('cancelledAfter', 'Cancelled'),
      lottery('cancelledBefore', 'Never Held'),
      {
        name: 'winners',
        path: '/winners/2026-03-01',
        ready: async (p) => (await p.locator('.winner-card').count()) === 2,
      },
      {
        name: 'draw',
        path: `/lotteries/${ids.finished}/draws/2026-03-01`,
        ready: async (p) => (await p.locator('.winner-number').count()) === 1,
      },
      {
        name: 'my-ballots',
        path: '/my/ballots',
        ready: async (p) => (await p.locator('.ballot-group').count()) >= 2,
      },
    ];
  };

  describe.each(WIDTHS)('at %i px', (width) => {
    let context: BrowserContext;
    let page: Page;
    beforeAll(async () => {
      context = await newContext(browser, server.url, { width, height: 900 });
      await context.addCookies(cookies);
      page = await context.newPage();
    });
    afterAll(() => context?.close());

    test.each(PAGES)(
      '%s: nothing overflows, overlaps or is cut off, and axe passes',
      async (name) => {
        const { path, ready } = pages().find((p) => p.name === name)!;
        await page.goto(path);
        await poll(() => ready(page)).toBe(true);
        await page.evaluate('document.fonts.ready.then(() => true)');
        await page.screenshot({
          path: resolve(screensDir, `${name}-${width}.png`),
          fullPage: true,
        });
        expect(await layoutFaults(page)).toEqual({ overflowing: [], overlapping: [], clipped: [] });
        const violations = await seriousViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      },
    );
  });

  test('a lottery cancelled before its first day never says it started', async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await context.newPage();
      await page.goto(`/lotteries/${ids.cancelledBefore}`);
      const line = page.locator('.page-head .muted');
      await poll(() => line.textContent()).toMatch(/^Was to start Wednesday, 15 April 2026/);
      expect(await line.textContent()).toContain('before its first draw');
      expect(await page.locator('main').textContent()).not.toContain('Started');
      await page.goto(`/lotteries/${ids.cancelledAfter}`);
      await poll(() => line.textContent()).toMatch(/^Started Sunday, 1 March 2026 · cancelled/);
    } finally {
      await context.close();
    }
  });
});
