import argon2 from 'argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * argon2id with OWASP's recommended floor (m = 19 MiB, t = 2, p = 1). Tests may pass cheaper
 * parameters; production always uses these.
 */
export const owaspArgon2 = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher = (
  params: { memoryCost: number; timeCost: number; parallelism: number } = owaspArgon2,
): PasswordHasher => ({
  hash: (password) => argon2.hash(password, { type: argon2.argon2id, ...params }),
  verify: async (hash, password) => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
});

/**
 * The most common passwords, from the maintained zxcvbn-ts list (about 49,000 entries from real
 * leaks, most common first). Compared ignoring case.
 */
const common: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()),
);

export const commonPasswordCount = common.size;

export const isCommonPassword = (password: string): boolean => common.has(password.toLowerCase());
