import { createHash } from 'node:crypto';
import type { RandomSource } from '../domain/index.js';

/** A fresh 32-byte secret as base64url text (43 characters), for session ids and API tokens. */
export const newSecret = (random: RandomSource): string =>
  Buffer.from(random.bytes(32)).toString('base64url');

/** What the database keeps instead of a secret: a leaked table does not leak live credentials. */
export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');
