import { describe, expect, it } from 'vitest';
import { ballotRules, validateQuantity } from '../../src/domain/index.js';
import { expectDomainError } from './helpers.js';

describe('validateQuantity', () => {
  it('is one ballot when no quantity is given', () => {
    expect(validateQuantity(undefined)).toBe(1);
  });

  it.each([1, 2, 999, 1000])('accepts %d ballots', (quantity) => {
    expect(validateQuantity(quantity)).toBe(quantity);
  });

  it('allows from 1 to 1000 ballots at once', () => {
    expect(ballotRules).toEqual({ minQuantity: 1, maxQuantity: 1000 });
  });

  it.each([0, -1, 1001, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses %d ballots with a validation error on /quantity',
    (quantity) => {
      const error = expectDomainError(() => validateQuantity(quantity), 'validation');
      expect(error.fields).toEqual([
        { field: '/quantity', message: 'must be a whole number from 1 to 1000' },
      ]);
    },
  );
});
