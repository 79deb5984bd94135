import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { submitBallots } from '../../src/app/ballots.js';
import { closeDueDraws, ensureAllDraws } from '../../src/app/draws.js';
import { createLottery } from '../../src/app/lotteries.js';
import { registerParticipant } from '../../src/app/participants.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import {
  describeViolations,
  launchBrowser,
  newContext,
  screenshot,
  poll,
  seriousViolations,
  watchErrors,
} from './browser.js';

const PASSWORD = 'granite-heron-lantern';

/** Administrators run the lotteries from the web app; everybody else is kept out, politely. */
describe('an admin in the browser', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let adminErrors: string[] = [];
  let morningStar: number;

  const expectAccessible = async (p: Page) => {
    const violations = await seriousViolations(p);
    expect(violations, describeViolations(violations)).toEqual([]);
  };

  const logIn = async (p: Page, username: string) => {
    await p.goto('/login');
    await p.getByLabel('Username').fill(username);
    await p.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL((url) => url.pathname === '/');
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ at: '2026-03-08T09:00:00Z' }),
      launchBrowser(),
    ]);
    const { ctx } = server;
    await registerParticipant(ctx, { username: 'ada', password: PASSWORD }, 'admin');
    const pat = await registerParticipant(ctx, { username: 'pat', password: PASSWORD });
    morningStar = (
      await createLottery(ctx, {
        name: 'Morning Star',
        description: 'The classic daily draw.',
        startsOn: '2026-03-08',
        timeZone: 'UTC',
      })
    ).id;
    await submitBallots(ctx, pat, morningStar, 5);
    ctx.clock.set('2026-03-09T09:00:00Z');
    await ensureAllDraws(ctx);
    await closeDueDraws(ctx);
    ctx.clock.set('2026-03-10T12:00:00Z');
    await ensureAllDraws(ctx);
    await closeDueDraws(ctx);
    admin = await (await newContext(browser, server.url)).newPage();
    adminErrors = watchErrors(admin);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('visitors and participants are told the admin area is for admins only', async () => {
    const context = await newContext(browser, server.url);
    try {
      const p = await context.newPage();
      await p.goto('/admin');
      await poll(() => p.getByRole('alert').textContent()).toContain('Admins only');
      expect(await p.getByRole('link', { name: 'Log in with an admin account' }).isVisible()).toBe(
        true,
      );
      await logIn(p, 'pat');
      expect(await p.getByRole('link', { name: 'Admin' }).count()).toBe(0);
      await p.goto(`/admin/lotteries/${morningStar}`);
      await poll(() => p.getByRole('alert').textContent()).toContain('Admins only');
      expect(await p.getByRole('alert').textContent()).toContain('not an administrator');
      await expectAccessible(p);
    } finally {
      await context.close();
    }
  });

  test('creating a lottery shows the API’s field errors, then the new lottery', async () => {
    await logIn(admin, 'ada');
    await admin.getByRole('link', { name: 'Admin' }).click();
    await admin.waitForURL('**/admin');
    await admin.getByRole('button', { name: 'New lottery' }).click();
    const form = admin.getByRole('region', { name: 'New lottery' });
    // The first day defaults to today; the name is missing and the zone is made up.
    expect(await form.getByLabel('First draw day').inputValue()).toBe('2026-03-10');
    await form.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await form.getByRole('button', { name: 'Create lottery' }).click();
    await poll(() => form.getByRole('alert').textContent()).toContain(
      'Please fix the fields below.',
    );
    const errors = form.locator('.field-error');
    await poll(() => errors.allTextContents()).toEqual(['Name is required']);
    expect(await form.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');

    // The rest is the API's own validation, shown field by field.
    await form.getByLabel('Name').fill('Evening Glow');
    await form.getByLabel('Description', { exact: true }).fill('Drawn at midnight in Tokyo.');
    await form.getByRole('button', { name: 'Create lottery' }).click();
    await poll(() => errors.allTextContents()).toEqual([
      expect.stringMatching(/^Time zone must be an IANA time zone/),
    ]);
    expect(await form.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(admin);
    await screenshot(admin, 'admin-new-lottery');

    await form.getByLabel('Time zone').fill('Asia/Tokyo');
    await form.getByLabel('First draw day').fill('2026-03-01');
    await form.getByRole('button', { name: 'Create lottery' }).click();
    await poll(() => errors.allTextContents()).toEqual([
      'First draw day must be today (2026-03-10) or later',
    ]);

    await form.getByLabel('First draw day').fill('2026-03-10');
    await form.getByRole('button', { name: 'Create lottery' }).click();
    await poll(() => admin.locator('.notice-success').textContent()).toContain(
      'Created Evening Glow',
    );
    const table = admin.getByRole('table');
    await poll(() => table.textContent()).toContain('Evening Glow');
    expect(await table.getByRole('row', { name: /Evening Glow/ }).textContent()).toContain(
      'Asia/Tokyo',
    );
    await expectAccessible(admin);
    await screenshot(admin, 'admin');
  });

  test('participants see the new lottery open at once', async () => {
    const context = await newContext(browser, server.url);
    try {
      const p = await context.newPage();
      await logIn(p, 'pat');
      const card = p.getByRole('article', { name: 'Evening Glow' });
      await poll(() => card.isVisible()).toBe(true);
      expect(await card.textContent()).toContain('Asia/Tokyo');
      await card.getByRole('button', { name: 'Submit 1 ballot' }).click();
      await poll(() => card.locator('.submitted').textContent()).toContain(
        '1 ballot in today’s draw',
      );
    } finally {
      await context.close();
    }
  });

  test('editing and cancelling a lottery, and following its draws', async () => {
    await admin.getByRole('link', { name: 'Morning Star' }).click();
    await admin.waitForURL(`**/admin/lotteries/${morningStar}`);
    const details = admin.getByRole('region', { name: 'Details' });
    await poll(() => details.getByLabel('Name').inputValue()).toBe('Morning Star');
    // Started lotteries keep their first day and time zone.
    expect(await details.getByLabel('Time zone').isDisabled()).toBe(true);
    expect(await details.getByLabel('First draw day').isDisabled()).toBe(true);

    await details.getByLabel('Name').fill('Evening Glow');
    await details.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => details.locator('.field-error').textContent()).toBe(
      'Name is already used by another lottery',
    );

    await details.getByLabel('Name').fill('Morning Star Classic');
    await details
      .getByLabel('Description', { exact: true })
      .fill('The original, every midnight UTC.');
    await details.getByRole('button', { name: 'Save changes' }).click();
    await poll(() => details.getByRole('status').textContent()).toBe('✓ Saved.');
    await poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toContain(
      'Morning Star Classic',
    );

    // Its draws: two drawn days with their winners, today's open one and tomorrow's.
    const draws = admin.getByRole('region', { name: 'Draws' }).getByRole('table');
    await poll(() => draws.getByRole('row').count()).toBe(5);
    const march8 = draws.getByRole('row', { name: /Sun, 8 Mar 2026/ });
    expect(await march8.textContent()).toMatch(/Drawn5#\d+ by pat/);
    expect(await draws.getByRole('row', { name: /Mon, 9 Mar 2026/ }).textContent()).toContain(
      'No ballots',
    );
    await expectAccessible(admin);
    await screenshot(admin, 'admin-lottery');

    const cancel = admin.getByRole('region', { name: 'Cancel the lottery' });
    await cancel.getByRole('button', { name: 'Cancel lottery…' }).click();
    await cancel.getByRole('button', { name: 'Yes, cancel it' }).click();
    await poll(() => admin.getByRole('heading', { level: 1 }).textContent()).toContain('Cancelled');
    expect(await cancel.textContent()).toContain('This lottery has been cancelled.');
    expect(await details.getByLabel('Name').isDisabled()).toBe(true);

    // The back button returns to the list, which shows the change.
    await admin.goBack();
    await admin.waitForURL('**/admin');
    await poll(() =>
      admin.getByRole('row', { name: /Morning Star Classic/ }).textContent(),
    ).toContain('Cancelled');
  });

  test('the app logged no errors along the way', () => {
    expect(adminErrors).toEqual([]);
  });
});
