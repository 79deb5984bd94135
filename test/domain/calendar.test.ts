import fc from 'fast-check';
import { Settings } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  compareDates,
  dateAt,
  dayWindow,
  daysBetween,
  isLocalDate,
  isTimeZone,
  parseLocalDate,
  startOfDay,
  toIso,
} from '../../src/domain/index.js';
import { at, day, HOUR } from './helpers.js';

/**
 * Luxon resolves ambiguous local times with a guess based on the *current* date. The domain must
 * give the same answers whatever the server's date is, so the DST tests run under both a northern
 * summer and a northern winter "server date".
 */
const serverDates = ['2026-07-01T12:00:00Z', '2026-12-01T12:00:00Z'];
const originalNow = Settings.now;
const pretendServerDateIs = (iso: string): void => {
  const instant = at(iso);
  Settings.now = () => instant;
};
afterEach(() => {
  Settings.now = originalNow;
});

describe('isLocalDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2026-02-28', '2028-02-29', '2000-02-29'])(
    'accepts the real calendar day %s',
    (text) => {
      expect(isLocalDate(text)).toBe(true);
    },
  );

  it.each([
    ['2026-02-30', 'a day February does not have'],
    ['2026-02-29', 'a leap day in a common year'],
    ['1900-02-29', 'a leap day in a century year not divisible by 400'],
    ['2026-04-31', 'the 31st of a 30-day month'],
    ['2026-13-01', 'a thirteenth month'],
    ['2026-00-10', 'a month zero'],
    ['2026-01-00', 'a day zero'],
    ['2026-1-1', 'unpadded month and day'],
    ['26-01-01', 'a two-digit year'],
    ['2026/01/01', 'slashes'],
    ['20260101', 'the basic ISO format'],
    ['2026-01-01T00:00', 'a date with a time'],
    [' 2026-01-01', 'leading space'],
    ['2026-01-01\n', 'a trailing newline'],
    ['', 'the empty string'],
  ])('rejects %j (%s)', (text) => {
    expect(isLocalDate(text)).toBe(false);
  });
});

describe('parseLocalDate', () => {
  it('returns a valid date unchanged', () => {
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
  });

  it('returns undefined for an invalid date', () => {
    expect(parseLocalDate('2026-02-30')).toBeUndefined();
  });
});

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Auckland'])(
    'accepts the IANA zone %s',
    (zone) => {
      expect(isTimeZone(zone)).toBe(true);
    },
  );

  it.each(['', 'Mars/Olympus', 'Europe/Atlantis', 'local', 'system', 'x'.repeat(65)])(
    'rejects %j',
    (zone) => {
      expect(isTimeZone(zone)).toBe(false);
    },
  );
});

describe('dateAt', () => {
  it.each([
    ['UTC', '2026-06-10T23:59:59.999Z', '2026-06-11T00:00:00.000Z'],
    ['Pacific/Auckland', '2026-06-10T23:59:59.999+12:00', '2026-06-11T00:00:00.000+12:00'],
    ['Pacific/Auckland', '2026-01-10T23:59:59.999+13:00', '2026-01-11T00:00:00.000+13:00'],
    ['America/New_York', '2026-06-10T23:59:59.999-04:00', '2026-06-11T00:00:00.000-04:00'],
    ['America/New_York', '2026-01-10T23:59:59.999-05:00', '2026-01-11T00:00:00.000-05:00'],
    ['Asia/Kolkata', '2026-06-10T23:59:59.999+05:30', '2026-06-11T00:00:00.000+05:30'],
    ['Asia/Kathmandu', '2026-06-10T23:59:59.999+05:45', '2026-06-11T00:00:00.000+05:45'],
    ['America/St_Johns', '2026-01-10T23:59:59.999-03:30', '2026-01-11T00:00:00.000-03:30'],
  ])(
    'in %s, is still the old day at 23:59:59.999 and the new day at 00:00:00.000 local',
    (zone, lastMs, midnight) => {
      expect(dateAt(at(lastMs), zone)).toBe(dateAt(at(midnight) - 1, zone));
      expect(dateAt(at(midnight), zone)).toBe(addDays(dateAt(at(lastMs), zone), 1));
      expect(dateAt(at(midnight), zone)).toBe(midnight.slice(0, 10));
    },
  );

  it('gives different days for one instant in zones on either side of the date line', () => {
    const instant = at('2026-06-10T13:00:00Z');
    expect(dateAt(instant, 'UTC')).toBe('2026-06-10');
    expect(dateAt(instant, 'Pacific/Auckland')).toBe('2026-06-11');
    expect(dateAt(instant, 'Pacific/Honolulu')).toBe('2026-06-10');
    expect(dateAt(at('2026-06-10T09:00:00Z'), 'Pacific/Honolulu')).toBe('2026-06-09');
  });

  it('puts both passes through the repeated hour of a 25-hour day on that day', () => {
    // 01:30 happens twice in New York on 2026-11-01: at 05:30Z (EDT) and at 06:30Z (EST).
    expect(dateAt(at('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(dateAt(at('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01');
  });
});

describe('addDays', () => {
  it('moves across month and year ends', () => {
    expect(addDays(day('2026-01-31'), 1)).toBe('2026-02-01');
    expect(addDays(day('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(day('2027-01-01'), -1)).toBe('2026-12-31');
  });

  it('knows leap years', () => {
    expect(addDays(day('2028-02-28'), 1)).toBe('2028-02-29');
    expect(addDays(day('2026-02-28'), 1)).toBe('2026-03-01');
  });

  it('counts calendar days, not 24-hour periods, across DST changes', () => {
    expect(addDays(day('2026-03-07'), 1)).toBe('2026-03-08');
    expect(addDays(day('2026-03-08'), 1)).toBe('2026-03-09');
    expect(addDays(day('2026-10-31'), 2)).toBe('2026-11-02');
  });

  it('returns the same day for zero', () => {
    expect(addDays(day('2026-06-10'), 0)).toBe('2026-06-10');
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative when the second date is earlier', () => {
    expect(daysBetween(day('2026-06-10'), day('2026-06-20'))).toBe(10);
    expect(daysBetween(day('2026-06-20'), day('2026-06-10'))).toBe(-10);
    expect(daysBetween(day('2026-06-10'), day('2026-06-10'))).toBe(0);
  });

  it('counts a leap year as 366 days and ignores DST', () => {
    expect(daysBetween(day('2028-01-01'), day('2029-01-01'))).toBe(366);
    expect(daysBetween(day('2026-03-01'), day('2026-04-01'))).toBe(31);
    expect(daysBetween(day('2026-10-01'), day('2026-11-30'))).toBe(60);
  });
});

describe('compareDates', () => {
  it('orders dates chronologically', () => {
    expect(compareDates(day('2026-06-09'), day('2026-06-10'))).toBe(-1);
    expect(compareDates(day('2026-06-10'), day('2026-06-10'))).toBe(0);
    expect(compareDates(day('2026-12-31'), day('2026-06-10'))).toBe(1);
  });
});

describe('toIso', () => {
  it('formats an instant in UTC', () => {
    expect(toIso(at('2026-06-10T12:00:00+05:30'))).toBe('2026-06-10T06:30:00.000Z');
  });
});

describe('startOfDay', () => {
  it.each([
    ['UTC', '2026-06-10', '2026-06-10T00:00:00.000Z'],
    ['Pacific/Auckland', '2026-06-10', '2026-06-09T12:00:00.000Z'],
    ['Pacific/Auckland', '2026-01-10', '2026-01-09T11:00:00.000Z'],
    ['America/New_York', '2026-06-10', '2026-06-10T04:00:00.000Z'],
    ['Asia/Kolkata', '2026-06-10', '2026-06-09T18:30:00.000Z'],
    ['Asia/Kathmandu', '2026-06-10', '2026-06-09T18:15:00.000Z'],
  ])('is local midnight in %s (%s starts at %s)', (zone, date, expected) => {
    expect(toIso(startOfDay(day(date), zone))).toBe(expected);
  });

  describe.each(serverDates)('whatever the server date (here %s)', (serverDate) => {
    it('is the first valid time when clocks skip midnight (America/Santiago, 2026-09-06)', () => {
      pretendServerDateIs(serverDate);
      // 00:00 -04 never happens; the day begins at 01:00 -03, the same instant.
      expect(toIso(startOfDay(day('2026-09-06'), 'America/Santiago'))).toBe(
        '2026-09-06T04:00:00.000Z',
      );
    });

    it.each([
      // Cuba falls back from 01:00 CDT to 00:00 CST: midnight happens at 04:00Z and at 05:00Z.
      ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z'],
      // The Azores fall back from 01:00 to 00:00: midnight happens at 00:00Z and at 01:00Z.
      ['Atlantic/Azores', '2026-10-25', '2026-10-25T00:00:00.000Z'],
    ])(
      'is the first of two midnights when clocks fall back across it (%s, %s)',
      (zone, date, expected) => {
        pretendServerDateIs(serverDate);
        const start = startOfDay(day(date), zone);
        expect(toIso(start)).toBe(expected);
        expect(dateAt(start - 1, zone)).toBe(addDays(day(date), -1));
        expect(dateAt(start, zone)).toBe(date);
      },
    );
  });
});

describe('dayWindow', () => {
  it('is the half-open 24 hours from one local midnight to the next on an ordinary day', () => {
    const w = dayWindow(day('2026-06-10'), 'Asia/Kolkata');
    expect(toIso(w.start)).toBe('2026-06-09T18:30:00.000Z');
    expect(toIso(w.end)).toBe('2026-06-10T18:30:00.000Z');
    expect(w.end - w.start).toBe(24 * HOUR);
    expect(dateAt(w.end, 'Asia/Kolkata')).toBe('2026-06-11');
  });

  describe.each(serverDates)('whatever the server date (here %s)', (serverDate) => {
    it.each([
      [
        'America/New_York',
        '2026-03-08',
        23,
        '2026-03-08T05:00:00.000Z',
        '2026-03-09T04:00:00.000Z',
      ],
      ['Europe/Berlin', '2026-03-29', 23, '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      [
        'America/New_York',
        '2026-11-01',
        25,
        '2026-11-01T04:00:00.000Z',
        '2026-11-02T05:00:00.000Z',
      ],
      ['Europe/Berlin', '2026-10-25', 25, '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
      [
        'Pacific/Auckland',
        '2026-09-27',
        23,
        '2026-09-26T12:00:00.000Z',
        '2026-09-27T11:00:00.000Z',
      ],
      [
        'Pacific/Auckland',
        '2026-04-05',
        25,
        '2026-04-04T11:00:00.000Z',
        '2026-04-05T12:00:00.000Z',
      ],
      ['America/Havana', '2026-11-01', 25, '2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z'],
      ['Atlantic/Azores', '2026-10-25', 25, '2026-10-25T00:00:00.000Z', '2026-10-26T01:00:00.000Z'],
      [
        'Australia/Lord_Howe',
        '2026-10-04',
        23.5,
        '2026-10-03T13:30:00.000Z',
        '2026-10-04T13:00:00.000Z',
      ],
    ])('in %s, %s lasts exactly %d hours', (zone, date, hours, start, end) => {
      pretendServerDateIs(serverDate);
      const w = dayWindow(day(date), zone);
      expect(w.end - w.start).toBe(hours * HOUR);
      expect(toIso(w.start)).toBe(start);
      expect(toIso(w.end)).toBe(end);
      expect(dateAt(w.start, zone)).toBe(date);
      expect(dateAt(w.end - 1, zone)).toBe(date);
      expect(dateAt(w.end, zone)).toBe(addDays(day(date), 1));
    });

    it('gives the days around a DST change 24 hours each', () => {
      pretendServerDateIs(serverDate);
      for (const date of ['2026-03-07', '2026-03-09', '2026-10-31', '2026-11-02']) {
        const w = dayWindow(day(date), 'America/New_York');
        expect(w.end - w.start, date).toBe(24 * HOUR);
      }
      const beforeHavana = dayWindow(day('2026-10-31'), 'America/Havana');
      expect(beforeHavana.end - beforeHavana.start).toBe(24 * HOUR);
    });
  });
});

describe('consecutive day windows', () => {
  /** The one short and one long day each zone has between 2026-01-01 and 2027-02-04. */
  const zones: {
    zone: string;
    irregular: Record<string, number>;
  }[] = [
    { zone: 'UTC', irregular: {} },
    { zone: 'Asia/Kolkata', irregular: {} },
    { zone: 'Asia/Kathmandu', irregular: {} },
    { zone: 'America/New_York', irregular: { '2026-03-08': 23, '2026-11-01': 25 } },
    { zone: 'Europe/Berlin', irregular: { '2026-03-29': 23, '2026-10-25': 25 } },
    { zone: 'Pacific/Auckland', irregular: { '2026-04-05': 25, '2026-09-27': 23 } },
    { zone: 'America/Santiago', irregular: { '2026-04-04': 25, '2026-09-06': 23 } },
    { zone: 'America/Havana', irregular: { '2026-03-08': 23, '2026-11-01': 25 } },
    { zone: 'Atlantic/Azores', irregular: { '2026-03-29': 23, '2026-10-25': 25 } },
    { zone: 'Australia/Lord_Howe', irregular: { '2026-04-05': 24.5, '2026-10-04': 23.5 } },
  ];

  describe.each(serverDates)('whatever the server date (here %s)', (serverDate) => {
    it.each(zones)(
      'tile 400 days in $zone with no gap or overlap, each day exactly as long as it is',
      ({ zone, irregular }) => {
        pretendServerDateIs(serverDate);
        const first = day('2026-01-01');
        let previous = dayWindow(addDays(first, -1), zone);
        const seenIrregular: Record<string, number> = {};
        for (let i = 0; i < 400; i++) {
          const date = addDays(first, i);
          const w = dayWindow(date, zone);
          expect(w.start, `${zone} ${date} starts where the day before ends`).toBe(previous.end);
          expect(w.end).toBeGreaterThan(w.start);
          expect(dateAt(w.start - 1, zone), `${zone} before ${date}`).toBe(addDays(date, -1));
          expect(dateAt(w.start, zone), `${zone} ${date} start`).toBe(date);
          expect(dateAt(w.end - 1, zone), `${zone} ${date} end`).toBe(date);
          const hours = (w.end - w.start) / HOUR;
          if (hours !== 24) seenIrregular[date] = hours;
          previous = w;
        }
        expect(seenIrregular).toEqual(irregular);
        const span = previous.end - dayWindow(first, zone).start;
        // Both ends of the span are in the same season, so the total is exactly 400 × 24 h.
        expect(span).toBe(400 * 24 * HOUR);
      },
    );
  });

  it('contain every instant in the window of the day it falls on (property)', () => {
    const zoneNames = zones.map((z) => z.zone);
    fc.assert(
      fc.property(
        fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        fc.constantFrom(...zoneNames),
        (instant, zone) => {
          const w = dayWindow(dateAt(instant, zone), zone);
          return w.start <= instant && instant < w.end;
        },
      ),
      { seed: 20260308, numRuns: 2000 },
    );
  });
});
