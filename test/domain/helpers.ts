import { expect } from 'vitest';
import {
  DomainError,
  isDomainError,
  isLocalDate,
  type ErrorCode,
  type Instant,
  type LocalDate,
  type Lottery,
} from '../../src/domain/index.js';

/** A fixed instant from an ISO string with an explicit offset (never the real clock). */
export const at = (iso: string): Instant => {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) throw new Error(`Not an ISO instant: ${iso}`);
  return instant;
};

/** A calendar day, checked. */
export const day = (text: string): LocalDate => {
  if (!isLocalDate(text)) throw new Error(`Not a date: ${text}`);
  return text;
};

export const HOUR = 3_600_000;

/** Runs `action`, expects it to throw the DomainError `code`, and returns that error. */
export const expectDomainError = (action: () => unknown, code: ErrorCode): DomainError => {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a DomainError "${code}"`).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
  expect(isDomainError(thrown, code)).toBe(true);
  return thrown as DomainError;
};

/** The fields a validation error names, in order (a field appears once per problem). */
export const fieldsOf = (error: DomainError): string[] => error.fields.map((f) => f.field);

/** A lottery running 2026-06-10 through 2026-06-20 in UTC, unless overridden. */
export const aLottery = (overrides: Partial<Lottery> = {}): Lottery => ({
  id: 1,
  name: 'Daily',
  description: null,
  startsOn: day('2026-06-10'),
  endsOn: day('2026-06-20'),
  timeZone: 'UTC',
  createdAt: at('2026-06-01T00:00:00Z'),
  cancelledAt: null,
  ...overrides,
});
