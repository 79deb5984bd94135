import { describe, expect, it } from 'vitest';
import {
  cancelLottery,
  createLottery,
  currentDrawDate,
  dayWindow,
  drawDatesDueBy,
  drawWindow,
  editLottery,
  hasDrawOn,
  lotteryRules,
  lotteryStatus,
  lotteryStatuses,
  todayOf,
  type Lottery,
} from '../../src/domain/index.js';
import { aLottery, at, day, expectDomainError, fieldsOf, HOUR } from './helpers.js';

describe('todayOf', () => {
  it('is the calendar day in the lottery’s own time zone', () => {
    const now = at('2026-06-10T13:00:00Z');
    expect(todayOf({ timeZone: 'UTC' }, now)).toBe('2026-06-10');
    expect(todayOf({ timeZone: 'Pacific/Auckland' }, now)).toBe('2026-06-11');
    expect(todayOf({ timeZone: 'Pacific/Honolulu' }, now)).toBe('2026-06-10');
  });
});

describe('lotteryStatus', () => {
  it('knows exactly four statuses', () => {
    expect(lotteryStatuses).toEqual(['upcoming', 'open', 'finished', 'cancelled']);
  });

  describe.each([
    // zone, the instant its first day (2026-06-10) begins, the instant after its last day (2026-06-20)
    ['UTC', '2026-06-10T00:00:00Z', '2026-06-21T00:00:00Z'],
    ['Pacific/Auckland', '2026-06-10T00:00:00+12:00', '2026-06-21T00:00:00+12:00'],
    ['America/New_York', '2026-06-10T00:00:00-04:00', '2026-06-21T00:00:00-04:00'],
    ['Asia/Kolkata', '2026-06-10T00:00:00+05:30', '2026-06-21T00:00:00+05:30'],
  ])('for a lottery in %s running 2026-06-10 through 2026-06-20', (timeZone, opens, ends) => {
    const lottery = aLottery({ timeZone });

    it('is upcoming before its first day in its own time zone', () => {
      expect(lotteryStatus(lottery, at('2026-06-01T00:00:00Z'))).toBe('upcoming');
      expect(lotteryStatus(lottery, at(opens) - 1)).toBe('upcoming');
    });

    it('is open from the midnight that begins its first day', () => {
      expect(lotteryStatus(lottery, at(opens))).toBe('open');
    });

    it('is open through the last millisecond of its last day', () => {
      expect(lotteryStatus(lottery, at('2026-06-15T12:00:00Z'))).toBe('open');
      expect(lotteryStatus(lottery, at(ends) - 1)).toBe('open');
    });

    it('is finished from the midnight that ends its last day', () => {
      expect(lotteryStatus(lottery, at(ends))).toBe('finished');
      expect(lotteryStatus(lottery, at('2027-01-01T00:00:00Z'))).toBe('finished');
    });

    it('is cancelled once cancelled, whatever the date', () => {
      const cancelled = { ...lottery, cancelledAt: at(opens) + HOUR };
      expect(lotteryStatus(cancelled, at(opens) - 1)).toBe('cancelled');
      expect(lotteryStatus(cancelled, at(opens) + 2 * HOUR)).toBe('cancelled');
      expect(lotteryStatus(cancelled, at(ends))).toBe('cancelled');
    });
  });

  it('depends on the lottery’s time zone, not UTC, for the same instant', () => {
    const now = at('2026-06-09T13:00:00Z'); // 2026-06-10 01:00 in Auckland
    expect(lotteryStatus(aLottery({ timeZone: 'UTC' }), now)).toBe('upcoming');
    expect(lotteryStatus(aLottery({ timeZone: 'Pacific/Auckland' }), now)).toBe('open');
  });

  it('stays open forever when it has no last day', () => {
    const lottery = aLottery({ endsOn: null });
    expect(lotteryStatus(lottery, at('2099-12-31T23:59:59Z'))).toBe('open');
  });

  it('is open for exactly one day when its first day is its last', () => {
    const lottery = aLottery({ startsOn: day('2026-06-10'), endsOn: day('2026-06-10') });
    expect(lotteryStatus(lottery, at('2026-06-09T23:59:59.999Z'))).toBe('upcoming');
    expect(lotteryStatus(lottery, at('2026-06-10T00:00:00Z'))).toBe('open');
    expect(lotteryStatus(lottery, at('2026-06-10T23:59:59.999Z'))).toBe('open');
    expect(lotteryStatus(lottery, at('2026-06-11T00:00:00Z'))).toBe('finished');
  });

  it('is open for exactly 23 hours on the one-day lottery of 2026-03-08 in New York', () => {
    const lottery = aLottery({
      timeZone: 'America/New_York',
      startsOn: day('2026-03-08'),
      endsOn: day('2026-03-08'),
    });
    expect(lotteryStatus(lottery, at('2026-03-08T04:59:59.999Z'))).toBe('upcoming');
    expect(lotteryStatus(lottery, at('2026-03-08T05:00:00Z'))).toBe('open');
    // The day lasts 23 hours: it ends at midnight EDT.
    expect(lotteryStatus(lottery, at('2026-03-09T03:59:59.999Z'))).toBe('open');
    expect(lotteryStatus(lottery, at('2026-03-09T04:00:00Z'))).toBe('finished');
  });

  it('finishes 25 hours after its last day began when that day is 2026-11-01 in New York', () => {
    const lottery = aLottery({
      timeZone: 'America/New_York',
      startsOn: day('2026-10-25'),
      endsOn: day('2026-11-01'),
    });
    const lastDayStart = at('2026-11-01T00:00:00-04:00');
    expect(lotteryStatus(lottery, lastDayStart + 25 * HOUR - 1)).toBe('open');
    expect(lotteryStatus(lottery, lastDayStart + 25 * HOUR)).toBe('finished');
  });

  it('finishes 25 hours after its last day began when that day is 2026-10-25 in Berlin', () => {
    const lottery = aLottery({
      timeZone: 'Europe/Berlin',
      startsOn: day('2026-10-20'),
      endsOn: day('2026-10-25'),
    });
    const lastDayStart = at('2026-10-25T00:00:00+02:00');
    expect(lotteryStatus(lottery, lastDayStart + 24 * HOUR)).toBe('open');
    expect(lotteryStatus(lottery, lastDayStart + 25 * HOUR - 1)).toBe('open');
    expect(lotteryStatus(lottery, lastDayStart + 25 * HOUR)).toBe('finished');
  });
});

describe('hasDrawOn', () => {
  it('is true from the first day through the last, inclusive', () => {
    const lottery = aLottery();
    expect(hasDrawOn(lottery, day('2026-06-09'))).toBe(false);
    expect(hasDrawOn(lottery, day('2026-06-10'))).toBe(true);
    expect(hasDrawOn(lottery, day('2026-06-15'))).toBe(true);
    expect(hasDrawOn(lottery, day('2026-06-20'))).toBe(true);
    expect(hasDrawOn(lottery, day('2026-06-21'))).toBe(false);
  });

  it('has no upper bound without a last day', () => {
    expect(hasDrawOn(aLottery({ endsOn: null }), day('2099-01-01'))).toBe(true);
  });
});

describe('drawWindow', () => {
  it('is the day’s window in the lottery’s time zone: it closes at the next local midnight', () => {
    const lottery = aLottery({ timeZone: 'Asia/Kolkata' });
    const w = drawWindow(lottery, day('2026-06-10'));
    expect(w).toEqual(dayWindow(day('2026-06-10'), 'Asia/Kolkata'));
    expect(w.start).toBe(at('2026-06-10T00:00:00+05:30'));
    expect(w.end).toBe(at('2026-06-11T00:00:00+05:30'));
  });

  it('lasts 23 hours on the spring-forward day in Berlin', () => {
    const w = drawWindow({ timeZone: 'Europe/Berlin' }, day('2026-03-29'));
    expect(w.end - w.start).toBe(23 * HOUR);
  });
});

describe('currentDrawDate', () => {
  it('is today in the lottery’s time zone while it is open', () => {
    const lottery = aLottery({ timeZone: 'Pacific/Auckland' });
    expect(currentDrawDate(lottery, at('2026-06-12T13:00:00Z'))).toBe('2026-06-13');
  });

  it('moves to the next day exactly at local midnight (Asia/Kolkata)', () => {
    const lottery = aLottery({ timeZone: 'Asia/Kolkata' });
    expect(currentDrawDate(lottery, at('2026-06-12T23:59:59.999+05:30'))).toBe('2026-06-12');
    expect(currentDrawDate(lottery, at('2026-06-13T00:00:00+05:30'))).toBe('2026-06-13');
  });

  it('is the first day from its first midnight and the last day until its last midnight', () => {
    const lottery = aLottery();
    expect(currentDrawDate(lottery, at('2026-06-10T00:00:00Z'))).toBe('2026-06-10');
    expect(currentDrawDate(lottery, at('2026-06-20T23:59:59.999Z'))).toBe('2026-06-20');
  });

  it.each([
    ['upcoming', aLottery(), '2026-06-09T23:59:59.999Z'],
    ['finished', aLottery(), '2026-06-21T00:00:00Z'],
    ['cancelled', aLottery({ cancelledAt: at('2026-06-12T08:00:00Z') }), '2026-06-12T09:00:00Z'],
  ] as const)('refuses with lottery-not-open when the lottery is %s', (status, lottery, now) => {
    const error = expectDomainError(() => currentDrawDate(lottery, at(now)), 'lottery-not-open');
    expect(error.details).toEqual({ status });
  });
});

describe('drawDatesDueBy', () => {
  it('is nothing until the day before the first day', () => {
    expect(drawDatesDueBy(aLottery(), at('2026-06-08T23:59:59.999Z'))).toBeNull();
  });

  it('is the first day alone on the day before it, so its draw exists before it opens', () => {
    expect(drawDatesDueBy(aLottery(), at('2026-06-09T00:00:00Z'))).toEqual({
      from: '2026-06-10',
      to: '2026-06-10',
    });
  });

  it('runs from the first day through tomorrow while the lottery is open', () => {
    expect(drawDatesDueBy(aLottery(), at('2026-06-10T00:00:00Z'))).toEqual({
      from: '2026-06-10',
      to: '2026-06-11',
    });
    expect(drawDatesDueBy(aLottery(), at('2026-06-15T12:00:00Z'))).toEqual({
      from: '2026-06-10',
      to: '2026-06-16',
    });
  });

  it('never goes past the last day', () => {
    const range = { from: '2026-06-10', to: '2026-06-20' };
    expect(drawDatesDueBy(aLottery(), at('2026-06-19T12:00:00Z'))).toEqual(range);
    expect(drawDatesDueBy(aLottery(), at('2026-06-20T12:00:00Z'))).toEqual(range);
    expect(drawDatesDueBy(aLottery(), at('2027-01-01T00:00:00Z'))).toEqual(range);
  });

  it('keeps going through tomorrow without a last day', () => {
    expect(drawDatesDueBy(aLottery({ endsOn: null }), at('2027-01-01T12:00:00Z'))).toEqual({
      from: '2026-06-10',
      to: '2027-01-02',
    });
  });

  it('measures tomorrow in the lottery’s time zone', () => {
    const lottery = aLottery({ timeZone: 'Pacific/Auckland' });
    // 2026-06-13 00:00 in Auckland, still 2026-06-12 in UTC.
    expect(drawDatesDueBy(lottery, at('2026-06-12T12:00:00Z'))?.to).toBe('2026-06-14');
    expect(drawDatesDueBy(lottery, at('2026-06-12T11:59:59.999Z'))?.to).toBe('2026-06-13');
  });

  it('stops at the day of the cancellation, even when asked later', () => {
    const lottery = aLottery({ cancelledAt: at('2026-06-12T08:00:00Z') });
    const range = { from: '2026-06-10', to: '2026-06-12' };
    expect(drawDatesDueBy(lottery, at('2026-06-12T09:00:00Z'))).toEqual(range);
    expect(drawDatesDueBy(lottery, at('2026-06-30T09:00:00Z'))).toEqual(range);
  });

  it('takes the day of the cancellation in the lottery’s time zone', () => {
    const lottery = aLottery({
      timeZone: 'Pacific/Auckland',
      cancelledAt: at('2026-06-12T13:00:00Z'), // 2026-06-13 01:00 in Auckland
    });
    expect(drawDatesDueBy(lottery, at('2026-06-12T14:00:00Z'))?.to).toBe('2026-06-13');
  });

  it('is nothing for a lottery cancelled before its first day', () => {
    const lottery = aLottery({ cancelledAt: at('2026-06-05T00:00:00Z') });
    expect(drawDatesDueBy(lottery, at('2026-06-09T12:00:00Z'))).toBeNull();
    expect(drawDatesDueBy(lottery, at('2026-06-15T12:00:00Z'))).toBeNull();
  });

  it('includes the first day for a lottery cancelled on it', () => {
    const lottery = aLottery({ cancelledAt: at('2026-06-10T08:00:00Z') });
    expect(drawDatesDueBy(lottery, at('2026-06-11T12:00:00Z'))).toEqual({
      from: '2026-06-10',
      to: '2026-06-10',
    });
  });
});

describe('createLottery', () => {
  const now = at('2026-06-10T05:00:00Z');

  it('creates a lottery with trimmed text, UTC by default and no last day by default', () => {
    expect(createLottery({ name: '  Daily  ', startsOn: '2026-06-10' }, now)).toEqual({
      name: 'Daily',
      description: null,
      startsOn: '2026-06-10',
      endsOn: null,
      timeZone: 'UTC',
      createdAt: now,
      cancelledAt: null,
    });
  });

  it('keeps a description, trimmed, and a last day and time zone', () => {
    const lottery = createLottery(
      {
        name: 'Weekly',
        description: '  One winner a day.  ',
        startsOn: '2026-06-11',
        endsOn: '2026-06-17',
        timeZone: 'Europe/Berlin',
      },
      now,
    );
    expect(lottery).toMatchObject({
      description: 'One winner a day.',
      startsOn: '2026-06-11',
      endsOn: '2026-06-17',
      timeZone: 'Europe/Berlin',
    });
  });

  it.each(['', '   ', null])('stores an empty description (%j) as null', (description) => {
    expect(
      createLottery({ name: 'Daily', description, startsOn: '2026-06-10' }, now),
    ).toMatchObject({ description: null });
  });

  it('accepts a one-day lottery whose last day is its first', () => {
    const lottery = createLottery(
      { name: 'Once', startsOn: '2026-06-10', endsOn: '2026-06-10' },
      now,
    );
    expect(lottery.endsOn).toBe('2026-06-10');
  });

  it('makes a lottery that is open at once when it starts today, upcoming otherwise', () => {
    const today = createLottery({ name: 'Today', startsOn: '2026-06-10' }, now);
    const later = createLottery({ name: 'Later', startsOn: '2026-06-11' }, now);
    expect(lotteryStatus({ id: 1, ...today }, now)).toBe('open');
    expect(lotteryStatus({ id: 2, ...later }, now)).toBe('upcoming');
  });

  it('accepts names of exactly the maximum length and descriptions of the maximum length', () => {
    const lottery = createLottery(
      {
        name: 'n'.repeat(lotteryRules.nameMax),
        description: 'd'.repeat(lotteryRules.descriptionMax),
        startsOn: '2026-06-10',
      },
      now,
    );
    expect(lottery.name).toHaveLength(100);
    expect(lottery.description).toHaveLength(2000);
  });

  describe('refuses with a validation error', () => {
    it.each([
      ['an empty name', { name: '' }, '/name'],
      ['a blank name', { name: '   ' }, '/name'],
      ['a name over 100 characters', { name: 'n'.repeat(101) }, '/name'],
      ['a description over 2000 characters', { description: 'd'.repeat(2001) }, '/description'],
      ['an unknown time zone', { timeZone: 'Mars/Olympus' }, '/timeZone'],
      ['an empty time zone', { timeZone: '' }, '/timeZone'],
      ['a first day that does not exist', { startsOn: '2026-02-30' }, '/startsOn'],
      ['a first day in another format', { startsOn: '2026-6-10' }, '/startsOn'],
      ['a last day that does not exist', { endsOn: '2026-13-01' }, '/endsOn'],
      ['an empty last day', { endsOn: '' }, '/endsOn'],
      ['a first day in the past', { startsOn: '2026-06-09' }, '/startsOn'],
      ['a last day before the first', { startsOn: '2026-06-12', endsOn: '2026-06-11' }, '/endsOn'],
    ])('for %s', (_, change, field) => {
      const input = { name: 'Daily', startsOn: '2026-06-10', ...change };
      const error = expectDomainError(() => createLottery(input, now), 'validation');
      expect(fieldsOf(error)).toEqual([field]);
    });
  });

  it('judges a past first day by today in the lottery’s own time zone', () => {
    // 05:00Z on 2026-06-10 is still 2026-06-09 in Honolulu.
    expect(
      createLottery({ name: 'Aloha', startsOn: '2026-06-09', timeZone: 'Pacific/Honolulu' }, now)
        .startsOn,
    ).toBe('2026-06-09');
    expectDomainError(
      () => createLottery({ name: 'Utc', startsOn: '2026-06-09' }, now),
      'validation',
    );

    // 13:00Z on 2026-06-10 is already 2026-06-11 in Auckland.
    const later = at('2026-06-10T13:00:00Z');
    expect(createLottery({ name: 'Utc', startsOn: '2026-06-10' }, later).startsOn).toBe(
      '2026-06-10',
    );
    const error = expectDomainError(
      () =>
        createLottery(
          { name: 'Kiwi', startsOn: '2026-06-10', timeZone: 'Pacific/Auckland' },
          later,
        ),
      'validation',
    );
    expect(error.fields).toEqual([
      { field: '/startsOn', message: 'must be today (2026-06-11) or later' },
    ]);
  });

  it('accepts today exactly from the local midnight in a half-hour zone (Asia/Kolkata)', () => {
    const input = { name: 'Chai', startsOn: '2026-06-11', timeZone: 'Asia/Kolkata' };
    expect(createLottery(input, at('2026-06-11T00:00:00+05:30')).startsOn).toBe('2026-06-11');
    expect(createLottery(input, at('2026-06-10T23:59:59.999+05:30')).startsOn).toBe('2026-06-11');
    expectDomainError(() => createLottery(input, at('2026-06-12T00:00:00+05:30')), 'validation');
  });

  it('collects every malformed field in one error', () => {
    const error = expectDomainError(
      () =>
        createLottery(
          {
            name: ' ',
            description: 'd'.repeat(2001),
            startsOn: '2026-02-30',
            endsOn: '2026-1-1',
            timeZone: 'Nowhere/Else',
          },
          now,
        ),
      'validation',
    );
    expect(fieldsOf(error).sort()).toEqual([
      '/description',
      '/endsOn',
      '/name',
      '/startsOn',
      '/timeZone',
    ]);
    expect(error.fields.every((f) => f.message.length > 0)).toBe(true);
  });

  it('collects a past first day and a last day before it in one error', () => {
    const error = expectDomainError(
      () => createLottery({ name: 'Daily', startsOn: '2026-06-01', endsOn: '2026-05-31' }, now),
      'validation',
    );
    expect(fieldsOf(error)).toEqual(['/startsOn', '/endsOn']);
  });
});

describe('editLottery', () => {
  const upcoming = aLottery({ startsOn: day('2026-06-10'), endsOn: day('2026-06-20') });
  const beforeStart = at('2026-06-05T12:00:00Z');
  const duringRun = at('2026-06-15T12:00:00Z');

  describe('while the lottery is upcoming', () => {
    it('changes every field at once and leaves the original untouched', () => {
      const edited = editLottery(
        upcoming,
        {
          name: ' Renamed ',
          description: ' New text ',
          startsOn: '2026-06-07',
          endsOn: '2026-06-30',
          timeZone: 'Asia/Kolkata',
        },
        beforeStart,
      );
      expect(edited).toEqual({
        ...upcoming,
        name: 'Renamed',
        description: 'New text',
        startsOn: '2026-06-07',
        endsOn: '2026-06-30',
        timeZone: 'Asia/Kolkata',
      });
      expect(upcoming).toEqual(aLottery());
    });

    it('keeps what the patch leaves out', () => {
      expect(editLottery(upcoming, {}, beforeStart)).toEqual(upcoming);
    });

    it('clears the description with null or blank text, and the last day with null', () => {
      const described = { ...upcoming, description: 'Text' };
      expect(editLottery(described, { description: null }, beforeStart).description).toBeNull();
      expect(editLottery(described, { description: '  ' }, beforeStart).description).toBeNull();
      expect(editLottery(upcoming, { endsOn: null }, beforeStart).endsOn).toBeNull();
    });

    it('may move the first day to today, which opens it at once', () => {
      const edited = editLottery(upcoming, { startsOn: '2026-06-05' }, beforeStart);
      expect(lotteryStatus(edited, beforeStart)).toBe('open');
    });

    it('refuses a first day in the past', () => {
      const error = expectDomainError(
        () => editLottery(upcoming, { startsOn: '2026-06-04' }, beforeStart),
        'validation',
      );
      expect(fieldsOf(error)).toEqual(['/startsOn']);
    });

    it('refuses a first day after the last', () => {
      const error = expectDomainError(
        () => editLottery(upcoming, { startsOn: '2026-06-21' }, beforeStart),
        'validation',
      );
      expect(fieldsOf(error)).toEqual(['/endsOn']);
    });

    it('judges a new first day by today in the new time zone', () => {
      const utc = aLottery({ startsOn: day('2026-06-12'), endsOn: null });
      const now = at('2026-06-10T13:00:00Z'); // 2026-06-10 in Honolulu, 2026-06-11 in Auckland
      const patch = { startsOn: '2026-06-10' };
      expect(editLottery(utc, { ...patch, timeZone: 'Pacific/Honolulu' }, now).startsOn).toBe(
        '2026-06-10',
      );
      expectDomainError(
        () => editLottery(utc, { ...patch, timeZone: 'Pacific/Auckland' }, now),
        'validation',
      );
    });

    it('refuses a new time zone in which the first day is already past', () => {
      // 10:30Z on 2026-06-10 is 2026-06-09 23:30 in Pago Pago but 2026-06-11 00:30 on Kiritimati.
      const lottery = aLottery({ timeZone: 'Pacific/Pago_Pago', startsOn: day('2026-06-10') });
      const now = at('2026-06-10T10:30:00Z');
      expect(lotteryStatus(lottery, now)).toBe('upcoming');
      const error = expectDomainError(
        () => editLottery(lottery, { timeZone: 'Pacific/Kiritimati' }, now),
        'validation',
      );
      expect(fieldsOf(error)).toEqual(['/startsOn']);
    });
  });

  describe('while the lottery is open', () => {
    it('changes the name, the description and the last day', () => {
      const edited = editLottery(
        upcoming,
        { name: 'Renamed', description: 'Now with text', endsOn: '2026-07-31' },
        duringRun,
      );
      expect(edited).toMatchObject({
        name: 'Renamed',
        description: 'Now with text',
        endsOn: '2026-07-31',
        startsOn: '2026-06-10',
      });
    });

    it('lets the last day become today, or open-ended', () => {
      expect(editLottery(upcoming, { endsOn: '2026-06-15' }, duringRun).endsOn).toBe('2026-06-15');
      expect(editLottery(upcoming, { endsOn: null }, duringRun).endsOn).toBeNull();
    });

    it('refuses to move the last day before today', () => {
      const error = expectDomainError(
        () => editLottery(upcoming, { endsOn: '2026-06-14' }, duringRun),
        'validation',
      );
      expect(error.fields).toEqual([
        { field: '/endsOn', message: 'must be today (2026-06-15) or later' },
      ]);
    });

    it('judges the last day against today in the lottery’s own time zone', () => {
      const kiwi = aLottery({ timeZone: 'Pacific/Auckland' });
      const now = at('2026-06-15T13:00:00Z'); // 2026-06-16 01:00 in Auckland
      expectDomainError(() => editLottery(kiwi, { endsOn: '2026-06-15' }, now), 'validation');
      expect(editLottery(kiwi, { endsOn: '2026-06-16' }, now).endsOn).toBe('2026-06-16');
    });

    it('refuses to change the first day, with lottery-not-editable', () => {
      const error = expectDomainError(
        () => editLottery(upcoming, { startsOn: '2026-06-16' }, duringRun),
        'lottery-not-editable',
      );
      expect(fieldsOf(error)).toEqual(['/startsOn']);
    });

    it('refuses to change the time zone, with lottery-not-editable', () => {
      const error = expectDomainError(
        () => editLottery(upcoming, { timeZone: 'Europe/Berlin' }, duringRun),
        'lottery-not-editable',
      );
      expect(fieldsOf(error)).toEqual(['/timeZone']);
    });

    it('accepts the first day and time zone restated unchanged', () => {
      const edited = editLottery(
        upcoming,
        { name: 'Same', startsOn: '2026-06-10', timeZone: 'UTC' },
        duringRun,
      );
      expect(edited).toEqual({ ...upcoming, name: 'Same' });
    });

    it('counts as open from the first local midnight, not from midnight UTC', () => {
      const kolkata = aLottery({ timeZone: 'Asia/Kolkata' });
      const patch = { startsOn: '2026-06-11' };
      expect(editLottery(kolkata, patch, at('2026-06-09T23:59:59.999+05:30')).startsOn).toBe(
        '2026-06-11',
      );
      expectDomainError(
        () => editLottery(kolkata, patch, at('2026-06-10T00:00:00+05:30')),
        'lottery-not-editable',
      );
    });
  });

  describe('once the lottery is over', () => {
    it.each([
      ['finished', aLottery(), at('2026-06-21T00:00:00Z')],
      ['cancelled', aLottery({ cancelledAt: at('2026-06-12T00:00:00Z') }), duringRun],
    ] as const)('refuses any change when %s, with lottery-not-editable', (_, lottery, now) => {
      expectDomainError(
        () => editLottery(lottery, { name: 'Too late' }, now),
        'lottery-not-editable',
      );
      expectDomainError(() => editLottery(lottery, {}, now), 'lottery-not-editable');
    });

    it('still accepts changes in the last millisecond of the last day', () => {
      const edited = editLottery(
        aLottery(),
        { name: 'Just in time' },
        at('2026-06-20T23:59:59.999Z'),
      );
      expect(edited.name).toBe('Just in time');
    });
  });

  describe('refuses with a validation error', () => {
    it.each([
      ['an empty name', { name: ' ' }, '/name'],
      ['a name over 100 characters', { name: 'n'.repeat(101) }, '/name'],
      ['a description over 2000 characters', { description: 'd'.repeat(2001) }, '/description'],
      ['an unknown time zone', { timeZone: 'Nowhere/Else' }, '/timeZone'],
      ['a malformed first day', { startsOn: '2026-02-30' }, '/startsOn'],
      ['a malformed last day', { endsOn: '2026-13-01' }, '/endsOn'],
      ['a last day before the first', { endsOn: '2026-06-09' }, '/endsOn'],
    ])('for %s', (_, patch, field) => {
      const error = expectDomainError(
        () => editLottery(upcoming, patch, beforeStart),
        'validation',
      );
      expect(fieldsOf(error)).toContain(field);
    });

    it('collects every malformed field in one error', () => {
      const error = expectDomainError(
        () =>
          editLottery(
            upcoming,
            {
              name: '',
              description: 'd'.repeat(2001),
              startsOn: 'soon',
              endsOn: 'later',
              timeZone: 'Nowhere/Else',
            },
            beforeStart,
          ),
        'validation',
      );
      expect(fieldsOf(error).sort()).toEqual([
        '/description',
        '/endsOn',
        '/name',
        '/startsOn',
        '/timeZone',
      ]);
    });
  });
});

describe('cancelLottery', () => {
  it.each([
    ['upcoming', at('2026-06-01T00:00:00Z')],
    ['open', at('2026-06-15T12:00:00Z')],
  ])('cancels an %s lottery at that instant without touching the original', (status, now) => {
    const lottery = aLottery();
    expect(lotteryStatus(lottery, now)).toBe(status);
    const cancelled = cancelLottery(lottery, now);
    expect(cancelled).toEqual({ ...lottery, cancelledAt: now });
    expect(lotteryStatus(cancelled, now)).toBe('cancelled');
    expect(lottery.cancelledAt).toBeNull();
  });

  it('cancels in the last millisecond of the last day', () => {
    const now = at('2026-06-20T23:59:59.999Z');
    expect(cancelLottery(aLottery(), now).cancelledAt).toBe(now);
  });

  it('refuses to cancel twice, with lottery-already-ended', () => {
    const cancelled: Lottery = cancelLottery(aLottery(), at('2026-06-12T00:00:00Z'));
    expectDomainError(
      () => cancelLottery(cancelled, at('2026-06-12T00:00:01Z')),
      'lottery-already-ended',
    );
  });

  it('refuses to cancel a finished lottery, with lottery-already-ended', () => {
    expectDomainError(
      () => cancelLottery(aLottery(), at('2026-06-21T00:00:00Z')),
      'lottery-already-ended',
    );
  });

  it('refuses from the midnight ending the last day in the lottery’s own time zone', () => {
    const lottery = aLottery({ timeZone: 'America/New_York' });
    const end = at('2026-06-21T00:00:00-04:00');
    expect(cancelLottery(lottery, end - 1).cancelledAt).toBe(end - 1);
    expectDomainError(() => cancelLottery(lottery, end), 'lottery-already-ended');
  });
});
