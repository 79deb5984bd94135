import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits for the page to reach a state: retries `read` until the assertion that follows holds,
 * for up to 10 s (vitest's default of 1 s is too short on a busy machine running every suite).
 */
export const poll = <T>(read: () => T | Promise<T>) =>
  expect.poll(read, { timeout: 10_000, interval: 50 });

/** Where the screenshots of the main pages go (overwritten by every run). */
export const screenshotDir = resolve(import.meta.dirname, '../../docs/screenshots');

export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** A fresh browser profile (no cookies) pointed at the test server, as a viewer in London. */
export const newContext = async (
  browser: Browser,
  baseURL: string,
  options: { width?: number; height?: number } = {},
): Promise<BrowserContext> => {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    deviceScaleFactor: 1,
    reducedMotion: 'reduce',
  });
  // Fail a step within the test's own time limit rather than Playwright's 30 s.
  context.setDefaultTimeout(10_000);
  return context;
};

export const screenshot = async (page: Page, name: string): Promise<void> => {
  mkdirSync(screenshotDir, { recursive: true });
  // Let fonts settle and any skeleton finish before the picture.
  await page.evaluate('document.fonts.ready.then(() => true)');
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: true });
};

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the page and returns its serious and critical violations. The script is
 * evaluated through the DevTools protocol, which the page's Content-Security-Policy (scripts from
 * 'self' only) does not block, unlike an injected <script> tag.
 */
export const seriousViolations = async (page: Page): Promise<AxeViolation[]> => {
  // Browser-side code is passed as text: this project's TypeScript has no DOM types.
  if (!(await page.evaluate<boolean>("'axe' in window"))) await page.evaluate(axeSource);
  const options = JSON.stringify({
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  });
  const violations = await page.evaluate<AxeViolation[]>(`
    axe.run(document, ${options}).then((result) =>
      result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      })),
    )
  `);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

/** A readable list of violations for an assertion message. */
export const describeViolations = (violations: AxeViolation[]): string =>
  violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
    )
    .join('\n');

/**
 * Collects the page's uncaught errors and console errors (except the browser's own notes about
 * HTTP error statuses that the app expects and shows: 400, 409, 429…).
 */
export const watchErrors = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
};

/** Every console error of the page, the browser's notes about failed requests (401, 404…) too. */
export const watchConsole = (page: Page): string[] => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
};
