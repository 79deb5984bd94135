import { DomainError, Validation } from './errors.js';
import type { Instant } from './ports.js';

export type Role = 'participant' | 'admin';

export interface Participant {
  id: number;
  username: string;
  role: Role;
  createdAt: Instant;
}

export const usernameRules = { min: 3, max: 32, pattern: /^[A-Za-z0-9_.-]+$/ } as const;
export const passwordRules = { min: 8, max: 128 } as const;

/** Usernames are unique ignoring case; this is the key they are compared by. */
export const usernameKey = (username: string): string => username.toLowerCase();

export interface Registration {
  username: string;
  password: string;
}

/**
 * Checks a registration. `isCommonPassword` is injected so the domain stays free of the
 * bundled password list (and of I/O).
 */
export const validateRegistration = (
  input: Registration,
  isCommonPassword: (password: string) => boolean,
): Registration => {
  const { username, password } = input;
  const v = new Validation();
  v.check(
    username.length >= usernameRules.min && username.length <= usernameRules.max,
    '/username',
    `must be ${usernameRules.min}–${usernameRules.max} characters long`,
  );
  v.check(
    usernameRules.pattern.test(username),
    '/username',
    'may contain only letters, digits, "_", "-" and "."',
  );
  validatePasswordInto(v, password, username, isCommonPassword);
  v.throwIfAny('The registration is not valid.');
  return { username, password };
};

export const validateNewPassword = (
  password: string,
  username: string,
  isCommonPassword: (password: string) => boolean,
): void => {
  const v = new Validation();
  validatePasswordInto(v, password, username, isCommonPassword);
  v.throwIfAny('The password is not valid.');
};

const validatePasswordInto = (
  v: Validation,
  password: string,
  username: string,
  isCommonPassword: (password: string) => boolean,
): void => {
  const length = [...password].length;
  v.check(
    length >= passwordRules.min && length <= passwordRules.max,
    '/password',
    `must be ${passwordRules.min}–${passwordRules.max} characters long`,
  );
  v.check(
    length < passwordRules.min || !isCommonPassword(password),
    '/password',
    'is one of the most common passwords; choose one that is harder to guess',
  );
  v.check(
    usernameKey(password) !== usernameKey(username),
    '/password',
    'must not be the same as the username',
  );
};

/** Promotion is the only role change; promoting an admin again is a harmless no-op. */
export const promote = (participant: Participant): Participant =>
  participant.role === 'admin' ? participant : { ...participant, role: 'admin' };

export const requireAdmin = (participant: Participant | undefined): Participant => {
  if (!participant) throw new DomainError('unauthenticated');
  if (participant.role !== 'admin') {
    throw new DomainError('forbidden', 'Only an admin can do that.');
  }
  return participant;
};
