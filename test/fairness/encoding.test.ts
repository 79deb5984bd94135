import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal, encodeDecimalFields, encodeFields } from '../../src/fairness/encoding.js';

describe('encodeDecimalFields', () => {
  it('writes exactly what encodeFields writes for the decimal texts', () => {
    fc.assert(
      fc.property(fc.array(fc.maxSafeNat(), { maxLength: 50 }), (values) => {
        expect(encodeDecimalFields(values)).toEqual(encodeFields(values.map((v) => decimal(v))));
      }),
      { seed: 20261126, numRuns: 500 },
    );
  });

  it('writes the edges of every digit count', () => {
    const values = [0, 9, 10, 99, 100, 999_999, 1_000_000, Number.MAX_SAFE_INTEGER];
    expect(encodeDecimalFields(values)).toEqual(encodeFields(values.map((v) => decimal(v))));
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1])(
    'refuses %s as decimal would, naming what it is',
    (bad) => {
      expect(() => encodeDecimalFields([1, bad], 'ballotId')).toThrow(
        /^ballotId must be a non-negative safe integer/,
      );
    },
  );
});
