import { hash } from 'node:crypto';
import type { RandomSource } from '../domain/index.js';

/** A fresh 32-byte secret as base64url text (43 characters), for session ids and API tokens. */
export const newSecret = (random: RandomSource): string =>
  Buffer.from(random.bytes(32)).toString('base64url');

/** What the database keeps instead of a secret: a leaked table does not leak live credentials. */
// One-shot: half the cost of createHash, and every authenticated request hashes its credential.
export const hashSecret = (secret: string): string => hash('sha256', secret, 'hex');
