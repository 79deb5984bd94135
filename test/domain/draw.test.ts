import { describe, expect, it } from 'vitest';
import {
  canAcceptBallot,
  closeDraw,
  dayWindow,
  isDue,
  recordResult,
  type Draw,
  type DrawResult,
} from '../../src/domain/index.js';
import { at, day, expectDomainError, HOUR } from './helpers.js';

/** The draw of the 23-hour day 2026-03-08 in New York: 05:00Z to 04:00Z the next day. */
const window = dayWindow(day('2026-03-08'), 'America/New_York');
const openDraw: Draw = {
  id: 7,
  lotteryId: 1,
  date: day('2026-03-08'),
  opensAt: window.start,
  closesAt: window.end,
  status: 'open',
  closedAt: null,
  result: null,
};
const closesAt = openDraw.closesAt;
const closedDraw: Draw = { ...openDraw, status: 'closed', closedAt: closesAt + 1_000 };
const drawnAt = closesAt + 2_000;
const winner: DrawResult = { ballotCount: 3, winningBallotId: 102, winningIndex: 1, drawnAt };
const drawnDraw: Draw = { ...closedDraw, status: 'drawn', result: winner };

describe('a draw’s window', () => {
  it('closes at the local midnight ending its day, 23 hours after it opened on 2026-03-08', () => {
    expect(openDraw.closesAt - openDraw.opensAt).toBe(23 * HOUR);
    expect(closesAt).toBe(at('2026-03-09T00:00:00-04:00'));
  });
});

describe('canAcceptBallot', () => {
  it('accepts a ballot in an open draw 1 ms before it closes', () => {
    expect(canAcceptBallot(openDraw, closesAt - 1)).toBe(true);
  });

  it('accepts a ballot at the moment the draw opens', () => {
    expect(canAcceptBallot(openDraw, openDraw.opensAt)).toBe(true);
  });

  it('refuses a ballot exactly when the draw closes, at midnight', () => {
    expect(canAcceptBallot(openDraw, closesAt)).toBe(false);
  });

  it('refuses a ballot after midnight even if the draw is still marked open', () => {
    expect(canAcceptBallot(openDraw, closesAt + HOUR)).toBe(false);
  });

  it.each([
    ['closed', closedDraw],
    ['drawn', drawnDraw],
  ])('refuses a ballot in a %s draw, even before its midnight', (_, draw) => {
    expect(canAcceptBallot(draw, closesAt - HOUR)).toBe(false);
  });
});

describe('isDue', () => {
  it('is not due before its midnight', () => {
    expect(isDue(openDraw, closesAt - 1)).toBe(false);
  });

  it('is due from its midnight on while open or closed', () => {
    expect(isDue(openDraw, closesAt)).toBe(true);
    expect(isDue(closedDraw, closesAt + HOUR)).toBe(true);
  });

  it('is no longer due once drawn', () => {
    expect(isDue(drawnDraw, closesAt + HOUR)).toBe(false);
  });
});

describe('closeDraw', () => {
  it('closes an open draw exactly at its midnight, recording when', () => {
    const closed = closeDraw(openDraw, closesAt);
    expect(closed).toEqual({ ...openDraw, status: 'closed', closedAt: closesAt });
    expect(openDraw.status).toBe('open');
  });

  it('closes an open draw later than its midnight too', () => {
    expect(closeDraw(openDraw, closesAt + 5 * HOUR)).toMatchObject({
      status: 'closed',
      closedAt: closesAt + 5 * HOUR,
    });
  });

  it('refuses to close 1 ms before midnight, with draw-not-due', () => {
    expectDomainError(() => closeDraw(openDraw, closesAt - 1), 'draw-not-due');
  });

  it('refuses to close a closed draw, with draw-already-closed', () => {
    const closed = closeDraw(openDraw, closesAt);
    expectDomainError(() => closeDraw(closed, closesAt + 1), 'draw-already-closed');
  });

  it('refuses to close a drawn draw, with draw-already-closed', () => {
    expectDomainError(() => closeDraw(drawnDraw, closesAt + HOUR), 'draw-already-closed');
  });
});

describe('recordResult', () => {
  it('draws a closed draw with its winner', () => {
    const drawn = recordResult(closedDraw, winner);
    expect(drawn).toEqual({ ...closedDraw, status: 'drawn', result: winner });
    expect(closedDraw.status).toBe('closed');
  });

  it('records that a draw without ballots had no winner', () => {
    const none: DrawResult = { ballotCount: 0, winningBallotId: null, winningIndex: null, drawnAt };
    expect(recordResult(closedDraw, none)).toMatchObject({ status: 'drawn', result: none });
  });

  it.each([0, 2])('accepts the first and last ballot of three as winner (index %d)', (index) => {
    const result = { ...winner, winningIndex: index };
    expect(recordResult(closedDraw, result).result).toEqual(result);
  });

  it('accepts a single ballot as the sure winner', () => {
    const result = { ballotCount: 1, winningBallotId: 5, winningIndex: 0, drawnAt };
    expect(recordResult(closedDraw, result).status).toBe('drawn');
  });

  it('refuses to draw an open draw, with draw-not-closed', () => {
    expectDomainError(() => recordResult(openDraw, winner), 'draw-not-closed');
  });

  it('refuses to draw a draw twice, with draw-not-closed', () => {
    const drawn = recordResult(closedDraw, winner);
    expectDomainError(() => recordResult(drawn, winner), 'draw-not-closed');
  });

  describe('refuses an inconsistent result with a validation error', () => {
    it.each<[string, Partial<DrawResult>]>([
      [
        'a winner in a draw without ballots',
        { ballotCount: 0, winningBallotId: 1, winningIndex: null },
      ],
      [
        'a winning index in a draw without ballots',
        { ballotCount: 0, winningBallotId: null, winningIndex: 0 },
      ],
      ['no winner among ballots', { winningBallotId: null, winningIndex: null }],
      ['a winning index without a winning ballot', { winningBallotId: null }],
      ['a winning ballot without a winning index', { winningIndex: null }],
      ['an index one past the last ballot', { winningIndex: 3 }],
      ['a negative index', { winningIndex: -1 }],
      ['a fractional index', { winningIndex: 1.5 }],
      ['a negative ballot count', { ballotCount: -1, winningBallotId: null, winningIndex: null }],
    ])('for %s', (_, change) => {
      expectDomainError(() => recordResult(closedDraw, { ...winner, ...change }), 'validation');
    });
  });
});

describe('a draw’s life', () => {
  it('goes open → closed → drawn, and never back', () => {
    const closed = closeDraw(openDraw, closesAt);
    const drawn = recordResult(closed, winner);
    expect([openDraw.status, closed.status, drawn.status]).toEqual(['open', 'closed', 'drawn']);
    expect(canAcceptBallot(closed, closesAt - 1)).toBe(false);
    expectDomainError(() => closeDraw(drawn, closesAt + HOUR), 'draw-already-closed');
    expectDomainError(() => recordResult(drawn, winner), 'draw-not-closed');
  });
});
