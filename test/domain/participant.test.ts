import { describe, expect, it, vi } from 'vitest';
import {
  passwordRules,
  promote,
  requireAdmin,
  usernameKey,
  usernameRules,
  validateNewPassword,
  validateRegistration,
  type Participant,
} from '../../src/domain/index.js';
import { at, expectDomainError, fieldsOf } from './helpers.js';

const neverCommon = (): boolean => false;
const commonList = new Set(['password', 'password1', '12345678', 'qwertyuiop']);
const isCommon = (password: string): boolean => commonList.has(password.toLowerCase());
const goodPassword = 'correct horse battery';

const register = (
  username: string,
  password = goodPassword,
  common: (password: string) => boolean = neverCommon,
) => validateRegistration({ username, password }, common);

describe('usernameKey', () => {
  it('compares usernames ignoring case', () => {
    expect(usernameKey('Alice')).toBe(usernameKey('aLICE'));
    expect(usernameKey('Alice')).toBe('alice');
    expect(usernameKey('alice')).not.toBe(usernameKey('alice_'));
  });
});

describe('validateRegistration', () => {
  it('returns a valid registration unchanged, keeping the username’s case', () => {
    expect(register('Alice.B-2_x')).toEqual({ username: 'Alice.B-2_x', password: goodPassword });
  });

  describe('usernames', () => {
    it('are 3 to 32 characters long', () => {
      expect(usernameRules).toMatchObject({ min: 3, max: 32 });
      expect(register('abc').username).toBe('abc');
      expect(register('a'.repeat(32)).username).toHaveLength(32);
    });

    it.each(['ab', 'a'.repeat(33)])('refuses %j as too short or too long', (username) => {
      const error = expectDomainError(() => register(username), 'validation');
      expect(error.fields).toEqual([
        { field: '/username', message: 'must be 3–32 characters long' },
      ]);
    });

    it.each(['abc', 'ABC', '123', 'a_b', 'a-b', 'a.b', '._-', 'Z9_.-z'])(
      'accept letters, digits, "_", "-" and "." (%j)',
      (username) => {
        expect(register(username).username).toBe(username);
      },
    );

    it.each(['al ice', 'alice!', 'al@ice', 'zoë', 'ålice', 'al/ice', 'alice\n', 'ali😀'])(
      'refuse any other character (%j)',
      (username) => {
        const error = expectDomainError(() => register(username), 'validation');
        expect(error.fields).toContainEqual({
          field: '/username',
          message: 'may contain only letters, digits, "_", "-" and "."',
        });
      },
    );

    it('report both a bad length and a bad character together', () => {
      const error = expectDomainError(() => register('a!'), 'validation');
      expect(fieldsOf(error)).toEqual(['/username', '/username']);
    });

    it('report the empty username as too short and without allowed characters', () => {
      const error = expectDomainError(() => register(''), 'validation');
      expect(fieldsOf(error)).toEqual(['/username', '/username']);
    });
  });

  describe('passwords', () => {
    it('are 8 to 128 characters long', () => {
      expect(passwordRules).toEqual({ min: 8, max: 128 });
      expect(register('alice', 'x'.repeat(8)).password).toHaveLength(8);
      expect(register('alice', 'x'.repeat(128)).password).toHaveLength(128);
    });

    it.each([
      ['7', 'x'.repeat(7)],
      ['129', 'x'.repeat(129)],
      ['0', ''],
    ])('refuse %s characters', (_, password) => {
      const error = expectDomainError(() => register('alice', password), 'validation');
      expect(error.fields).toEqual([
        { field: '/password', message: 'must be 8–128 characters long' },
      ]);
    });

    it('count characters, not UTF-16 code units', () => {
      expect(register('alice', '😀'.repeat(8)).password).toBe('😀'.repeat(8));
      expectDomainError(() => register('alice', '😀'.repeat(7)), 'validation');
      expectDomainError(() => register('alice', '😀'.repeat(129)), 'validation');
    });

    it('refuse a common password, as judged by the injected check', () => {
      const error = expectDomainError(() => register('alice', 'Password1', isCommon), 'validation');
      expect(fieldsOf(error)).toEqual(['/password']);
      expect(error.fields[0]?.message).toMatch(/common/);
    });

    it('ask the injected check about the password itself', () => {
      const check = vi.fn(() => false);
      register('alice', goodPassword, check);
      expect(check).toHaveBeenCalledWith(goodPassword);
    });

    it('do not call a too-short password common as well', () => {
      const check = vi.fn(() => true);
      const error = expectDomainError(() => register('alice', 'short', check), 'validation');
      expect(error.fields).toEqual([
        { field: '/password', message: 'must be 8–128 characters long' },
      ]);
      expect(check).not.toHaveBeenCalled();
    });

    it('refuse the username as password, ignoring case', () => {
      const error = expectDomainError(() => register('AliceSmith', 'alicesmith'), 'validation');
      expect(error.fields).toEqual([
        { field: '/password', message: 'must not be the same as the username' },
      ]);
    });

    it('accept a password that merely contains the username', () => {
      expect(register('alicesmith', 'alicesmith!').password).toBe('alicesmith!');
    });
  });

  it('collects the errors of both fields in one error', () => {
    const error = expectDomainError(
      () => validateRegistration({ username: 'a b', password: 'password' }, isCommon),
      'validation',
    );
    expect(fieldsOf(error)).toEqual(['/username', '/password']);
    expect(error.message).toBe('The registration is not valid.');
  });

  it('collects several problems with one field', () => {
    // Too long, and the same as the (invalid) username.
    const long = 'p'.repeat(129);
    const error = expectDomainError(() => register(long, long), 'validation');
    expect(error.fields).toEqual([
      { field: '/username', message: 'must be 3–32 characters long' },
      { field: '/password', message: 'must be 8–128 characters long' },
      { field: '/password', message: 'must not be the same as the username' },
    ]);
  });
});

describe('validateNewPassword', () => {
  it('accepts a good password', () => {
    expect(() => validateNewPassword(goodPassword, 'alice', isCommon)).not.toThrow();
  });

  it.each([
    ['too short', 'short'],
    ['common', 'qwertyuiop'],
    ['the username', 'ALICE-1234'],
  ])('applies the registration rules: refuses a password that is %s', (_, password) => {
    const error = expectDomainError(
      () => validateNewPassword(password, 'alice-1234', isCommon),
      'validation',
    );
    expect(fieldsOf(error)).toEqual(['/password']);
    expect(error.message).toBe('The password is not valid.');
  });
});

describe('promote', () => {
  const alice: Participant = {
    id: 1,
    username: 'alice',
    role: 'participant',
    createdAt: at('2026-06-01T00:00:00Z'),
  };

  it('makes a participant an admin without changing anything else', () => {
    expect(promote(alice)).toEqual({ ...alice, role: 'admin' });
    expect(alice.role).toBe('participant');
  });

  it('leaves an admin as it is', () => {
    const admin = promote(alice);
    expect(promote(admin)).toBe(admin);
  });
});

describe('requireAdmin', () => {
  const base = { id: 1, username: 'alice', createdAt: at('2026-06-01T00:00:00Z') };

  it('returns an admin', () => {
    const admin: Participant = { ...base, role: 'admin' };
    expect(requireAdmin(admin)).toBe(admin);
  });

  it('refuses a participant who is not an admin, with forbidden', () => {
    expectDomainError(() => requireAdmin({ ...base, role: 'participant' }), 'forbidden');
  });

  it('refuses nobody at all, with unauthenticated', () => {
    expectDomainError(() => requireAdmin(undefined), 'unauthenticated');
  });
});
