import { describe, expect, test } from 'vitest';
import {
  ballotRanges,
  describeDuration,
  formatCountdown,
  formatShare,
  isIsoDay,
  shiftDay,
} from '../../web/src/format.js';
import { observeServerDate, offset, serverNow } from '../../web/src/server-clock.js';

/** The web app's clock and formatting logic, without a browser. */
describe('the server clock as the browser estimates it', () => {
  test('the Date headers of several responses narrow the offset down', () => {
    // The server is 90.4 s ahead; its Date header is truncated to the second.
    const ahead = 90_400;
    const header = (clientMs: number) =>
      new Date(Math.floor((clientMs + ahead) / 1000) * 1000).toUTCString();
    const base = Date.parse('2026-03-10T12:00:00.000Z');
    for (const [sent, received] of [
      [base + 0, base + 80],
      [base + 1250, base + 1300],
      [base + 2590, base + 2640],
      [base + 3900, base + 3950],
    ] as const) {
      observeServerDate(header(received - 10), sent, received);
    }
    expect(Math.abs(offset() - ahead)).toBeLessThan(500);
    expect(Math.abs(serverNow() - (Date.now() + ahead))).toBeLessThan(500);
  });

  test('a contradicting answer (a clock was changed) starts the estimate again', () => {
    const now = Date.parse('2026-03-10T12:00:00.000Z');
    observeServerDate(new Date(now + 3_600_000).toUTCString(), now, now + 20);
    expect(Math.abs(offset() - 3_600_000)).toBeLessThanOrEqual(1000);
    observeServerDate('not a date', now, now + 20);
    expect(Math.abs(offset() - 3_600_000)).toBeLessThanOrEqual(1000);
  });
});

describe('formatting', () => {
  test('countdowns and durations', () => {
    expect(formatCountdown(11 * 3_600_000 + 59_000 + 500)).toBe('11:01:00');
    expect(formatCountdown(-5)).toBe('00:00:00');
    expect(formatCountdown(26 * 3_600_000)).toBe('1d 02:00:00');
    expect(describeDuration(3_720_000)).toBe('1 hour 2 minutes');
    expect(describeDuration(45_000)).toBe('45 seconds');
  });

  test('ballot numbers fold into ranges', () => {
    expect(ballotRanges([5, 3, 4, 9, 10, 12])).toEqual(['#3–#5', '#9', '#10', '#12']);
    expect(ballotRanges([])).toEqual([]);
  });

  test('a share of a draw’s ballots, which is the chance to win it', () => {
    expect(formatShare(3, 12)).toBe('25%');
    expect(formatShare(1, 3)).toBe('33.3%');
    expect(formatShare(1, 100_000)).toBe('0.001%');
    expect(formatShare(1, 10_000_000)).toBe('<0.001%');
    expect(formatShare(99_999, 100_000)).toBe('>99.9%');
    expect(formatShare(5, 5)).toBe('100%');
    expect(formatShare(0, 5)).toBe('0%');
    expect(formatShare(0, 0)).toBe('0%');
  });

  test('calendar days', () => {
    expect(isIsoDay('2026-02-28')).toBe(true);
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(isIsoDay('10/03/2026')).toBe(false);
    expect(shiftDay('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDay('2026-03-28', 1)).toBe('2026-03-29');
  });
});
