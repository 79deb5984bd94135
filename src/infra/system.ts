import { randomBytes } from 'node:crypto';
import type { Clock, RandomSource } from '../domain/index.js';

export const systemClock: Clock = { now: () => Date.now() };

/** The operating system's CSPRNG. */
export const cryptoRandom: RandomSource = { bytes: (length) => randomBytes(length) };
