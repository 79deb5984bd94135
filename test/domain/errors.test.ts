import { describe, expect, it } from 'vitest';
import { DomainError, errorCodes, isDomainError, Validation } from '../../src/domain/index.js';

describe('DomainError', () => {
  it('carries its code, the catalogue message by default, fields and details', () => {
    const error = new DomainError('lottery-not-open');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('lottery-not-open');
    expect(error.message).toBe(errorCodes['lottery-not-open']);
    expect(error.fields).toEqual([]);
    expect(error.details).toEqual({});
  });

  it('takes a specific message, fields and details', () => {
    const error = new DomainError('validation', 'Bad.', {
      fields: [{ field: '/name', message: 'must not be empty' }],
      details: { status: 'open' },
    });
    expect(error.message).toBe('Bad.');
    expect(error.fields).toEqual([{ field: '/name', message: 'must not be empty' }]);
    expect(error.details).toEqual({ status: 'open' });
  });
});

describe('isDomainError', () => {
  it('recognises any DomainError without a code, and only the given code with one', () => {
    const error = new DomainError('forbidden');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'forbidden')).toBe(true);
    expect(isDomainError(error, 'unauthenticated')).toBe(false);
  });

  it('rejects other errors and non-errors', () => {
    expect(isDomainError(new Error('forbidden'))).toBe(false);
    expect(isDomainError({ code: 'forbidden' }, 'forbidden')).toBe(false);
    expect(isDomainError(undefined)).toBe(false);
  });
});

describe('Validation', () => {
  it('does not throw when every check passes', () => {
    expect(() => new Validation().check(true, '/a', 'x').throwIfAny()).not.toThrow();
  });

  it('throws every failed check together, in order, as one validation error', () => {
    const v = new Validation().check(false, '/a', 'first').check(true, '/b', 'fine');
    v.check(false, '/c', 'second');
    let thrown: unknown;
    try {
      v.throwIfAny('Summary.');
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown, 'validation')).toBe(true);
    expect((thrown as DomainError).message).toBe('Summary.');
    expect((thrown as DomainError).fields).toEqual([
      { field: '/a', message: 'first' },
      { field: '/c', message: 'second' },
    ]);
  });
});
