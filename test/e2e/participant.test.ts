import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws, ensureAllDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import type { Participant } from '../../src/domain/index.js';
import { verifyReceipt } from '../../src/fairness/receipt.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import {
  describeViolations,
  launchBrowser,
  newContext,
  screenshot,
  poll,
  seriousViolations,
  watchConsole,
  watchErrors,
} from './browser.js';

const PASSWORD = 'velvet-otter-skyline';

/**
 * A participant's whole story in a real browser against the real server: browsing anonymously,
 * signing up, playing two lotteries, their ballots, midnight, and the public winners with proof.
 */
describe('a participant in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  const ids: Record<string, number> = {};
  let bob: Participant;

  /** The number in one row of a lottery card's statistics. */
  const stat = (card: Locator, label: string) =>
    card
      .locator('.stats > div')
      .filter({ has: card.page().getByText(label, { exact: true }) })
      .locator('dd')
      .textContent();

  const expectAccessible = async (p: Page) => {
    const violations = await seriousViolations(p);
    expect(violations, describeViolations(violations)).toEqual([]);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ at: '2026-03-05T12:00:00Z' }),
      launchBrowser(),
    ]);
    const { ctx } = server;
    // History: a short lottery that ran (and was drawn) the week before.
    const sprint = await createLottery(ctx, {
      name: 'Spring Sprint',
      description: 'A three-day warm-up lottery.',
      startsOn: '2026-03-05',
      endsOn: '2026-03-07',
      timeZone: 'UTC',
    });
    bob = await registerParticipant(ctx, { username: 'bob', password: PASSWORD });
    await submitBallots(ctx, bob, sprint.id, 4);
    ctx.clock.set('2026-03-08T01:00:00Z');
    await ensureAllDraws(ctx);
    await closeDueDraws(ctx);

    ctx.clock.set('2026-03-10T12:00:00Z');
    for (const input of [
      {
        name: 'Morning Star',
        description: 'The classic daily draw. One winner every midnight, Paris time.',
        startsOn: '2026-03-10',
        timeZone: 'Europe/Paris',
      },
      {
        name: 'Harbour Lights',
        description: 'New York’s evening favourite, drawn at midnight Eastern time.',
        startsOn: '2026-03-10',
        timeZone: 'America/New_York',
      },
      {
        name: 'Last Chance',
        description: 'Two days only.',
        startsOn: '2026-03-10',
        endsOn: '2026-03-11',
        timeZone: 'UTC',
      },
      {
        name: 'Autumn Gala',
        description: 'Opens next month in Tokyo.',
        startsOn: '2026-04-01',
        timeZone: 'Asia/Tokyo',
      },
    ]) {
      ids[input.name] = (await createLottery(ctx, input)).id;
    }
    await submitBallots(ctx, bob, ids['Morning Star']!, 7);
    context = await newContext(browser, server.url);
    page = await context.newPage();
    pageErrors = watchErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('an anonymous visitor sees every lottery and is asked to log in to play', async () => {
    await page.goto('/');
    const star = page.getByRole('article', { name: 'Morning Star' });
    await poll(() => star.isVisible()).toBe(true);
    // 12:00 UTC is 13:00 in Paris: eleven hours to midnight there.
    await poll(() => star.getByRole('timer').textContent()).toMatch(/^1[01]:\d\d:\d\d$/);
    expect(await star.textContent()).toContain('Europe/Paris');
    expect(await stat(star, 'Ballots in today’s draw')).toBe('7');
    expect(await page.getByRole('link', { name: 'Log in to play' }).count()).toBe(3);
    const soon = page.getByRole('region', { name: 'Coming soon' });
    expect(await soon.textContent()).toContain('Autumn Gala');
    const finished = page.getByRole('region', { name: 'Finished' });
    expect(await finished.textContent()).toContain('Spring Sprint');
    await expectAccessible(page);
  });

  test('an anonymous visitor’s pages log nothing in the console, not even a 401', async () => {
    const visitor = await newContext(browser, server.url);
    try {
      const p = await visitor.newPage();
      const logged = watchConsole(p);
      await p.goto('/');
      await poll(() => p.getByRole('article', { name: 'Morning Star' }).isVisible()).toBe(true);
      await p.goto(`/lotteries/${ids['Autumn Gala']}`);
      await poll(() => p.getByRole('heading', { level: 1 }).textContent()).toContain('Autumn Gala');
      await p.goto('/my/ballots');
      await poll(() => p.getByRole('link', { name: 'Log in', exact: true }).count()).toBe(2);
      expect(logged).toEqual([]);
    } finally {
      await visitor.close();
    }
  });

  test('signing up shows the field errors, then logs in', async () => {
    await page.getByRole('banner').getByRole('link', { name: 'Sign up' }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('password');
    await page.getByRole('button', { name: 'Sign up' }).click();
    const alert = page.getByRole('alert');
    await poll(() => alert.textContent()).toContain('Please fix the fields below.');
    const passwordError = page.locator('.field-error');
    await poll(() => passwordError.textContent()).toMatch(/^Password .*common/);
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await expectAccessible(page);

    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await poll(() => page.getByRole('banner').textContent()).toContain('alice');
  });

  test('submitting ballots shows their numbers at once and updates the counts', async () => {
    const star = page.getByRole('article', { name: 'Morning Star' });
    await star.getByLabel('Ballots').fill('3');
    await star.getByRole('button', { name: 'Submit 3 ballots' }).click();
    await poll(() => star.locator('.submitted').textContent()).toMatch(/3 ballots in today’s draw/);
    expect(await star.locator('.submitted .chip').first().textContent()).toMatch(/^#\d+/);
    await poll(() => stat(star, 'Your ballots today')).toBe('3');
    expect(await stat(star, 'Ballots in today’s draw')).toBe('10');
    expect(await stat(star, 'Your chance so far')).toBe('your 3 of 10 ballots: 30%');

    const harbour = page.getByRole('article', { name: 'Harbour Lights' });
    await harbour.getByRole('button', { name: 'One ballot more' }).click();
    await harbour.getByRole('button', { name: 'Submit 2 ballots' }).click();
    await poll(() => harbour.locator('.submitted').textContent()).toMatch(/2 ballots/);
    await poll(() => stat(harbour, 'Your ballots in total')).toBe('2');
    await expectAccessible(page);
    await screenshot(page, 'home');
  });

  test('each submission’s signed receipt is kept, and downloads as a file the verifier reads', async () => {
    const star = page.getByRole('article', { name: 'Morning Star' });
    const note = star.locator('.submitted-receipt');
    expect(await note.textContent()).toBe('Signed receipt kept in this browser. Download it');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      note.getByRole('button', { name: 'Download it' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^receipt-lottery-${ids['Morning Star']}-2026-03-10-ballot-\\d+\\.json$`),
    );
    const saved = JSON.parse(readFileSync(await download.path(), 'utf8'));
    expect(saved.receipt).toMatchObject({ lotteryId: ids['Morning Star'], drawDate: '2026-03-10' });
    expect(saved.receipt.ballotIds).toHaveLength(3);
    const key = await fetch(`${server.url}/api/v1/fairness/key`);
    const { publicKey } = (await key.json()) as { publicKey: string };
    expect(verifyReceipt(publicKey, saved.receipt, saved.signature)).toBe(true);
  });

  test('another player’s ballots show without a reload, and the chance follows', async () => {
    const star = page.getByRole('article', { name: 'Morning Star' });
    const reloads: string[] = [];
    page.on('framenavigated', (frame) => reloads.push(frame.url()));
    await submitBallots(server.ctx, bob, ids['Morning Star']!, 5);
    await poll(() => stat(star, 'Ballots in today’s draw')).toBe('15');
    expect(await stat(star, 'Your chance so far')).toBe('your 3 of 15 ballots: 20%');
    expect(reloads).toEqual([]);
  });

  test('the quantity field shows every digit of 1,000 and beyond', async () => {
    const star = page.getByRole('article', { name: 'Morning Star' });
    const field = star.getByLabel('Ballots');
    for (const [value, button] of [
      ['1000', 'Submit 1,000 ballots'],
      ['1001', 'Submit ballots'],
    ]) {
      await field.fill(value!);
      expect(await star.getByRole('button', { name: /^Submit/ }).textContent()).toBe(button);
      // The text fits the box: nothing scrolls inside it, so no digit is hidden.
      const fits = await field.evaluate(
        (input: { scrollWidth: number; clientWidth: number }) =>
          input.scrollWidth <= input.clientWidth,
      );
      expect(fits, `${value} fits its field`).toBe(true);
    }
    await field.fill('1');
  });

  test('a submit whose answer is lost is retried without submitting twice', async () => {
    const harbour = page.getByRole('article', { name: 'Harbour Lights' });
    let attempts = 0;
    const keys = new Set<string>();
    await page.route('**/api/v1/lotteries/*/ballots', async (route) => {
      attempts += 1;
      keys.add(route.request().headers()['idempotency-key'] ?? '');
      if (attempts === 1) {
        // The server takes the ballots, but the answer never reaches the browser.
        await route.fetch();
        await route.abort('connectionreset');
      } else await route.continue();
    });
    try {
      await harbour.getByLabel('Ballots').fill('1');
      await harbour.getByRole('button', { name: 'Submit 1 ballot' }).click();
      await poll(() => harbour.locator('.submitted').textContent()).toMatch(/^✓ 1 ballot in/);
      expect(attempts).toBe(2);
      expect(keys.size).toBe(1);
      await poll(() => stat(harbour, 'Your ballots in total')).toBe('3');
    } finally {
      await page.unroute('**/api/v1/lotteries/*/ballots');
    }
  });

  test('the home page fits a phone', async () => {
    const phone = await newContext(browser, server.url, { width: 375, height: 812 });
    try {
      await phone.addCookies(await context.cookies());
      const small = await phone.newPage();
      await small.goto('/');
      const star = small.getByRole('article', { name: 'Morning Star' });
      await poll(() => star.getByRole('timer').isVisible()).toBe(true);
      await poll(() => stat(star, 'Your ballots today')).toBe('3');
      // Nothing sticks out sideways.
      const wide = await small.evaluate<string[]>(`
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((e) => e.tagName.toLowerCase() + '.' + e.className)
      `);
      expect(wide).toEqual([]);
      const box = await star.boundingBox();
      expect(box!.width).toBeLessThanOrEqual(375);
      await expectAccessible(small);
      await screenshot(small, 'home-phone');
    } finally {
      await phone.close();
    }
  });

  test('my ballots shows each draw’s total and ranges, and the filters live in the address', async () => {
    await page.getByRole('link', { name: 'My ballots' }).click();
    await page.waitForURL('**/my/ballots');
    const groups = page.locator('.ballot-group');
    await poll(() => groups.count()).toBe(2);
    const star = page.getByRole('region', { name: /^Morning Star, / });
    expect(await star.locator('.draw-share').textContent()).toBe('3 ballots of 15 so far (20%)');
    // One submission of three: one range.
    expect(await star.locator('.chip').allTextContents()).toEqual([
      expect.stringMatching(/^#\d+–#\d+ \(3\)$/),
    ]);
    const harbour = page.getByRole('region', { name: /^Harbour Lights, / });
    expect(await harbour.locator('.draw-share').textContent()).toBe('3 ballots of 3 so far (100%)');
    expect(await harbour.locator('.chip').count()).toBe(2);
    // Every submission's receipt is listed with its draw, and all of them in the bar.
    expect(await star.locator('.receipts summary').textContent()).toBe(
      '1 receipt kept in this browser',
    );
    expect(await harbour.locator('.receipts summary').textContent()).toBe(
      '2 receipts kept in this browser',
    );
    await harbour.locator('.receipts summary').click();
    expect(await harbour.locator('.receipt').allTextContents()).toEqual([
      expect.stringMatching(/^2 ballots \(#\d+, #\d+\), signed at \d\d:\d\d GMTDownload/),
      expect.stringMatching(/^1 ballot \(#\d+\), signed at \d\d:\d\d GMTDownload/),
    ]);
    const bar = page.getByRole('region', { name: 'Receipts' });
    expect(await bar.textContent()).toContain('3 receipts kept in this browser');
    await expectAccessible(page);

    await page.getByLabel('Lottery').selectOption({ label: 'Harbour Lights' });
    await page.waitForURL(`**/my/ballots?lottery=${ids['Harbour Lights']}`);
    await poll(() => groups.count()).toBe(1);
    expect(await harbour.isVisible()).toBe(true);
    await page.goBack();
    await page.waitForURL('**/my/ballots');
    await poll(() => groups.count()).toBe(2);
    await page.goto(`/my/ballots?date=2026-03-09`);
    await poll(() => page.getByText('No ballots match these filters.').isVisible()).toBe(true);
    expect(await page.getByLabel('Draw date').inputValue()).toBe('2026-03-09');
  });

  test('logging out and back in, with a wrong password first', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await poll(() =>
      page.getByRole('banner').getByRole('link', { name: 'Log in' }).isVisible(),
    ).toBe(true);
    await page.getByRole('banner').getByRole('link', { name: 'Log in' }).click();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password', { exact: true }).fill('not-my-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain(
      'Wrong username or password.',
    );
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await poll(() => page.getByRole('banner').textContent()).toContain('alice');
  });

  test('too many failed logins say when to try again', async () => {
    // Someone at this address has been guessing bob's password.
    for (let i = 0; i < 10; i++) {
      await fetch(`${server.url}/api/v1/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bob', password: `guess-number-${i}` }),
      });
    }
    const other = await newContext(browser, server.url);
    try {
      const p = await other.newPage();
      await p.goto('/login');
      await p.getByLabel('Username').fill('bob');
      await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
      await p.getByRole('button', { name: 'Log in' }).click();
      const alert = p.getByRole('alert');
      await poll(() => alert.textContent()).toContain('Too many failed logins');
      expect(await alert.textContent()).toMatch(/Try again in \d+ minutes? \(at \d\d:\d\d/);
      expect(await p.getByRole('button', { name: 'Log in' }).isDisabled()).toBe(true);
    } finally {
      await other.close();
    }
  });

  test('a taken username is refused with a clear message', async () => {
    const other = await newContext(browser, server.url);
    try {
      const p = await other.newPage();
      await p.goto('/signup');
      await p.getByLabel('Username').fill('Alice');
      await p.getByLabel('Password', { exact: true }).fill('another-long-passphrase');
      await p.getByRole('button', { name: 'Sign up' }).click();
      await poll(() => p.getByRole('alert').textContent()).toContain(
        'That username is already taken.',
      );
      expect(await p.locator('.field-error').textContent()).toMatch(/^Username /);
    } finally {
      await other.close();
    }
  });

  test('after midnight anyone sees the winners of the day, with the proof', async () => {
    const { ctx } = server;
    // 06:00 UTC: past midnight in Paris (23:00 UTC), in New York (04:00 UTC) and in UTC.
    ctx.clock.set('2026-03-11T06:00:00Z');
    const report = await closeDueDraws(ctx);
    expect(report.drawn).toBe(3);

    const visitor = await newContext(browser, server.url);
    try {
      const p = await visitor.newPage();
      await p.goto('/winners');
      await poll(() => p.getByLabel('Draw date').inputValue()).toBe('2026-03-10');
      const cards = p.locator('.winner-card');
      await poll(() => cards.count()).toBe(3);
      const harbour = p.getByRole('article', { name: 'Harbour Lights' });
      // Alice held every ballot of Harbour Lights, so she won it.
      expect(await harbour.locator('.winner-name').textContent()).toBe('won by alice');
      const lastChance = p.getByRole('article', { name: 'Last Chance' });
      expect(await lastChance.locator('.winner-number').textContent()).toBe('No ballots');
      await expectAccessible(p);
      await screenshot(p, 'winners');

      await harbour.getByRole('link', { name: /Details & proof/ }).click();
      await p.waitForURL(`**/lotteries/${ids['Harbour Lights']}/draws/2026-03-10`);
      await poll(() => p.getByRole('heading', { level: 1 }).textContent()).toContain(
        'Harbour Lights',
      );
      const command = await p.locator('#verify-command').textContent();
      expect(command).toBe(
        `npx lottery verify --server ${server.url} --lottery ${ids['Harbour Lights']} --date 2026-03-10`,
      );
      const fairness = p.getByRole('region', { name: 'How this draw is provably fair' });
      for (const label of ['Commitment', 'Record hash', 'Merkle root', 'Seed', 'Winning index']) {
        expect(await fairness.getByText(label, { exact: true }).isVisible()).toBe(true);
      }
      expect(await fairness.locator('.hash').count()).toBeGreaterThanOrEqual(6);
      await expectAccessible(p);
      await screenshot(p, 'draw-detail');

      // The back button returns to the winners of that day.
      await p.goBack();
      await p.waitForURL('**/winners');
      await poll(() => p.locator('.winner-card').count()).toBe(3);
      await p.goForward();
      await p.waitForURL('**/draws/2026-03-10');

      // A deep link opens the draw directly, and the previous day is one click away.
      const deep = await visitor.newPage();
      await deep.goto(`/lotteries/${ids['Morning Star']}/draws/2026-03-10`);
      await poll(() => deep.getByRole('heading', { level: 1 }).textContent()).toContain(
        'Morning Star',
      );
      expect(
        await deep.getByText('Ballots', { exact: true }).locator('..').textContent(),
      ).toContain('15');
      await deep.goto('/winners/2026-03-05');
      await poll(() => deep.locator('.winner-card').count()).toBe(1);
      expect(await deep.locator('.winner-card').textContent()).toContain('won by bob');
    } finally {
      await visitor.close();
    }
  });

  test('the winner is told on the home page and in the header, until dismissed', async () => {
    await page.goto('/');
    const notice = page.getByRole('region', { name: 'You won!' });
    await poll(() => notice.isVisible()).toBe(true);
    expect(await notice.textContent()).toMatch(
      /Harbour Lights, Tue, 10 Mar 2026: your ballot #\d+ was picked from 3\./,
    );
    const badge = page.getByRole('banner').getByRole('link', { name: 'You won!' });
    expect(await badge.isVisible()).toBe(true);
    // Everyone sees yesterday's winners of the open lotteries.
    const yesterday = page.getByRole('region', { name: 'Yesterday’s winners' });
    await poll(() => yesterday.getByRole('listitem').count()).toBe(3);
    expect(await yesterday.textContent()).toMatch(
      /Harbour LightsTue, 10 Mar 2026Ballot #\d+ won by/,
    );
    expect(await yesterday.textContent()).toContain('No ballots, no winner');
    await expectAccessible(page);
    await screenshot(page, 'winner-notice');

    // It stays on the next visit, then goes once dismissed, for good.
    await page.reload();
    await poll(() => notice.isVisible()).toBe(true);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await poll(() => notice.count()).toBe(0);
    expect(await badge.count()).toBe(0);
    await page.reload();
    await poll(() => yesterday.isVisible()).toBe(true);
    expect(await notice.count()).toBe(0);
    expect(await badge.count()).toBe(0);
  });

  test('my ballots marks the winning ballot', async () => {
    await page.goto('/my/ballots');
    const won = page.locator('.chip-won');
    await poll(() => won.count()).toBeGreaterThanOrEqual(1);
    expect(await won.first().textContent()).toMatch(/^#\d+(–#\d+ \(\d+\))?Winner( #\d+)?$/);
    expect(await page.locator('.win-banner').first().textContent()).toMatch(
      /You won with ballot #\d+/,
    );
    await expectAccessible(page);
    await screenshot(page, 'my-ballots');
  });

  test('a lottery that has finished refuses ballots and says why', async () => {
    await page.goto('/');
    const last = page.getByRole('article', { name: 'Last Chance' });
    await poll(() => last.getByRole('button', { name: 'Submit 1 ballot' }).isEnabled()).toBe(true);
    // Its last day ends while the page is open, before the page's next look at the list (which
    // would move it to the finished ones): the list's answers are held back meanwhile.
    const held: Route[] = [];
    await page.route('**/api/v1/lotteries', (route) => void held.push(route));
    try {
      server.ctx.clock.set('2026-03-12T00:30:00Z');
      await last.getByRole('button', { name: 'Submit 1 ballot' }).click();
      await poll(() => last.getByRole('alert').textContent()).toContain(
        'The lottery has finished.',
      );
    } finally {
      await page.unroute('**/api/v1/lotteries');
      await Promise.all(held.map((route) => route.continue()));
    }
    // Then the list shows it finished.
    await poll(() => page.getByRole('region', { name: 'Finished' }).textContent()).toContain(
      'Last Chance',
    );
  });

  test('the app logged no errors along the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
