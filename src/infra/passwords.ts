import { createRequire } from 'node:module';
import argon2 from 'argon2';

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
 * leaks, most common first). Compared ignoring case. Loaded on first use, from node_modules rather
 * than the server bundle: reading it took 30 ms of every start-up (docs/performance.md).
 */
let common: ReadonlySet<string> | undefined;

const commonPasswords = (): ReadonlySet<string> => {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)(
      '@zxcvbn-ts/language-common',
    ) as typeof import('@zxcvbn-ts/language-common');
    common = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  }
  return common;
};

export const isCommonPassword = (password: string): boolean =>
  commonPasswords().has(password.toLowerCase());
