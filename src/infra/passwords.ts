import { createRequire } from 'node:module';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  decodeArgon2id,
  encodeArgon2id,
  runtimeArgon2id,
  type Argon2idDerive,
  type Argon2Params,
} from './argon2.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/**
 * argon2id with OWASP's recommended floor (m = 19 MiB, t = 2, p = 1). Tests may pass cheaper
 * parameters; production always uses these.
 */
export const owaspArgon2: Argon2Params = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };

const SALT_BYTES = 16;
const TAG_BYTES = 32;

/**
 * Hashes as PHC strings, which carry their own parameters: a hash made with other parameters (or by
 * the argon2 package this replaced) still verifies.
 */
export const argon2Hasher = (
  params: Argon2Params = owaspArgon2,
  derive: Argon2idDerive = runtimeArgon2id,
): PasswordHasher => ({
  hash: async (password) => {
    const salt = randomBytes(SALT_BYTES);
    const tag = Buffer.from(await derive(password, salt, params, TAG_BYTES));
    return encodeArgon2id({ params, salt, tag });
  },
  verify: async (hash, password) => {
    const stored = decodeArgon2id(hash);
    if (!stored) return false;
    try {
      const tag = await derive(password, stored.salt, stored.params, stored.tag.length);
      return timingSafeEqual(tag, stored.tag);
    } catch {
      return false; // parameters argon2 refuses (a tag under 4 bytes, say) match no password
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
