import {
  addDays,
  compareDates,
  dateAt,
  dayWindow,
  isLocalDate,
  isTimeZone,
  type LocalDate,
} from './calendar.js';
import { DomainError, Validation } from './errors.js';
import type { Instant } from './ports.js';

export type LotteryStatus = 'upcoming' | 'open' | 'finished' | 'cancelled';
export const lotteryStatuses: readonly LotteryStatus[] = [
  'upcoming',
  'open',
  'finished',
  'cancelled',
];

export interface Lottery {
  id: number;
  name: string;
  description: string | null;
  startsOn: LocalDate;
  /** The last day (inclusive); null runs until an admin cancels it. */
  endsOn: LocalDate | null;
  timeZone: string;
  createdAt: Instant;
  cancelledAt: Instant | null;
}

export interface LotteryInput {
  name: string;
  description?: string | null | undefined;
  startsOn: string;
  endsOn?: string | null | undefined;
  timeZone?: string | undefined;
}

export const lotteryRules = { nameMax: 100, descriptionMax: 2000 } as const;

/** What day it is for this lottery at `now`. */
export const todayOf = (lottery: Pick<Lottery, 'timeZone'>, now: Instant): LocalDate =>
  dateAt(now, lottery.timeZone);

/**
 * A lottery is upcoming before its first day, open from its first day through its last, finished
 * after its last day's draw has closed (midnight after `endsOn`), and cancelled once cancelled.
 */
export const lotteryStatus = (lottery: Lottery, now: Instant): LotteryStatus => {
  if (lottery.cancelledAt !== null) return 'cancelled';
  const today = todayOf(lottery, now);
  if (compareDates(today, lottery.startsOn) < 0) return 'upcoming';
  if (lottery.endsOn !== null && compareDates(today, lottery.endsOn) > 0) return 'finished';
  return 'open';
};

/** The date of the draw that a ballot submitted at `now` joins, or a `lottery-not-open` error. */
export const currentDrawDate = (lottery: Lottery, now: Instant): LocalDate => {
  const status = lotteryStatus(lottery, now);
  if (status !== 'open') {
    throw new DomainError('lottery-not-open', notOpenMessage(status), { details: { status } });
  }
  return todayOf(lottery, now);
};

const notOpenMessage = (status: LotteryStatus): string =>
  ({
    upcoming: 'The lottery has not started yet.',
    finished: 'The lottery has finished.',
    cancelled: 'The lottery was cancelled.',
    open: 'The lottery is open.',
  })[status];

/** Whether `date` is one of the lottery's days (ignoring cancellation). */
export const hasDrawOn = (lottery: Lottery, date: LocalDate): boolean =>
  compareDates(date, lottery.startsOn) >= 0 &&
  (lottery.endsOn === null || compareDates(date, lottery.endsOn) <= 0);

/** When the draw of `date` closes: the lottery's next midnight. */
export const drawWindow = (lottery: Pick<Lottery, 'timeZone'>, date: LocalDate) =>
  dayWindow(date, lottery.timeZone);

/**
 * The days whose draws should exist at `now`: from the first day through tomorrow (so that the
 * next draw's commitment is published before it opens), bounded by the last day, and not past
 * the cancellation.
 */
export const drawDatesDueBy = (
  lottery: Lottery,
  now: Instant,
): { from: LocalDate; to: LocalDate } | null => {
  const tomorrow = addDays(todayOf(lottery, now), 1);
  let to = tomorrow;
  if (lottery.endsOn !== null && compareDates(lottery.endsOn, to) < 0) to = lottery.endsOn;
  if (lottery.cancelledAt !== null) {
    const cancelDay = dateAt(lottery.cancelledAt, lottery.timeZone);
    if (compareDates(cancelDay, to) < 0) to = cancelDay;
  }
  if (compareDates(to, lottery.startsOn) < 0) return null;
  return { from: lottery.startsOn, to };
};

const validateFields = (
  v: Validation,
  input: { name?: string; description?: string | null; timeZone?: string },
): void => {
  if (input.name !== undefined) {
    const name = input.name.trim();
    v.check(name.length > 0, '/name', 'must not be empty');
    v.check(
      name.length <= lotteryRules.nameMax,
      '/name',
      `must be at most ${lotteryRules.nameMax} characters`,
    );
  }
  if (input.description !== undefined && input.description !== null) {
    v.check(
      input.description.length <= lotteryRules.descriptionMax,
      '/description',
      `must be at most ${lotteryRules.descriptionMax} characters`,
    );
  }
  if (input.timeZone !== undefined) {
    v.check(
      isTimeZone(input.timeZone),
      '/timeZone',
      'must be an IANA time zone such as "Europe/Paris" or "UTC"',
    );
  }
};

export type NewLottery = Omit<Lottery, 'id'>;

/** Validates an admin's new lottery. It may not start before today in its own time zone. */
export const createLottery = (input: LotteryInput, now: Instant): NewLottery => {
  const v = new Validation();
  validateFields(v, input);
  v.check(isLocalDate(input.startsOn), '/startsOn', 'must be a date as YYYY-MM-DD');
  const endsOn = input.endsOn ?? null;
  v.check(endsOn === null || isLocalDate(endsOn), '/endsOn', 'must be a date as YYYY-MM-DD');
  v.throwIfAny('The lottery is not valid.');

  const timeZone = input.timeZone ?? 'UTC';
  const startsOn = input.startsOn as LocalDate;
  const today = dateAt(now, timeZone);
  v.check(compareDates(startsOn, today) >= 0, '/startsOn', `must be today (${today}) or later`);
  v.check(
    endsOn === null || compareDates(endsOn as LocalDate, startsOn) >= 0,
    '/endsOn',
    'must be on or after startsOn',
  );
  v.throwIfAny('The lottery is not valid.');
  return {
    name: input.name.trim(),
    description: emptyToNull(input.description),
    startsOn,
    endsOn: endsOn as LocalDate | null,
    timeZone,
    createdAt: now,
    cancelledAt: null,
  };
};

export interface LotteryPatch {
  name?: string | undefined;
  description?: string | null | undefined;
  startsOn?: string | undefined;
  endsOn?: string | null | undefined;
  timeZone?: string | undefined;
}

/**
 * Edits what has not happened yet: the name and description while the lottery runs; the first day
 * and time zone only while it is upcoming; the last day as long as it stays today or later.
 */
export const editLottery = (lottery: Lottery, patch: LotteryPatch, now: Instant): Lottery => {
  const status = lotteryStatus(lottery, now);
  if (status === 'finished' || status === 'cancelled') {
    throw new DomainError('lottery-not-editable', `A ${status} lottery can no longer be changed.`);
  }
  const v = new Validation();
  validateFields(v, patch);
  if (patch.startsOn !== undefined)
    v.check(isLocalDate(patch.startsOn), '/startsOn', 'must be a date as YYYY-MM-DD');
  if (patch.endsOn !== undefined && patch.endsOn !== null) {
    v.check(isLocalDate(patch.endsOn), '/endsOn', 'must be a date as YYYY-MM-DD');
  }
  v.throwIfAny('The change is not valid.');

  const upcoming = status === 'upcoming';
  const changes = (key: 'startsOn' | 'timeZone') =>
    patch[key] !== undefined && patch[key] !== lottery[key];
  if (!upcoming && (changes('startsOn') || changes('timeZone'))) {
    throw new DomainError(
      'lottery-not-editable',
      'The first day and the time zone cannot change once the lottery has started.',
      {
        fields: [
          {
            field: changes('startsOn') ? '/startsOn' : '/timeZone',
            message: 'cannot change once the lottery has started',
          },
        ],
      },
    );
  }
  const next: Lottery = {
    ...lottery,
    name: patch.name !== undefined ? patch.name.trim() : lottery.name,
    description:
      patch.description !== undefined ? emptyToNull(patch.description) : lottery.description,
    startsOn: (patch.startsOn as LocalDate | undefined) ?? lottery.startsOn,
    endsOn: patch.endsOn !== undefined ? (patch.endsOn as LocalDate | null) : lottery.endsOn,
    timeZone: patch.timeZone ?? lottery.timeZone,
  };
  const today = todayOf(next, now);
  if (upcoming)
    v.check(
      compareDates(next.startsOn, today) >= 0,
      '/startsOn',
      `must be today (${today}) or later`,
    );
  if (patch.endsOn !== undefined && next.endsOn !== null) {
    v.check(compareDates(next.endsOn, today) >= 0, '/endsOn', `must be today (${today}) or later`);
  }
  v.check(
    next.endsOn === null || compareDates(next.endsOn, next.startsOn) >= 0,
    '/endsOn',
    'must be on or after startsOn',
  );
  v.throwIfAny('The change is not valid.');
  return next;
};

/**
 * Cancels a lottery: no new ballots from now on. Draws already closed keep their results; today's
 * draw (if any) still closes at midnight and is drawn from the ballots it already has.
 */
export const cancelLottery = (lottery: Lottery, now: Instant): Lottery => {
  const status = lotteryStatus(lottery, now);
  if (status === 'cancelled')
    throw new DomainError('lottery-already-ended', 'The lottery is already cancelled.');
  if (status === 'finished')
    throw new DomainError('lottery-already-ended', 'The lottery has already finished.');
  return { ...lottery, cancelledAt: now };
};

const emptyToNull = (text: string | null | undefined): string | null => {
  if (text === undefined || text === null) return null;
  const trimmed = text.trim();
  return trimmed.length === 0 ? null : trimmed;
};
