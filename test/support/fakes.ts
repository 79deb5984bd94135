import { createHash } from 'node:crypto';
import type { Clock, Instant, RandomSource } from '../../src/domain/index.js';

/** A clock that stands still until a test moves it. */
export class FixedClock implements Clock {
  constructor(private instant: Instant) {}
  now(): Instant {
    return this.instant;
  }
  set(instant: Instant | string): void {
    this.instant = typeof instant === 'string' ? Date.parse(instant) : instant;
  }
  advance(ms: number): void {
    this.instant += ms;
  }
}

/** Deterministic bytes from a seed (SHA-256 in counter mode): repeatable "randomness" for tests. */
export class SeededRandom implements RandomSource {
  private counter = 0;
  constructor(private readonly seed: number | string) {}
  bytes(length: number): Uint8Array {
    const out = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const block = createHash('sha256').update(`${this.seed}:${this.counter++}`).digest();
      filled += block.copy(out, filled);
    }
    return out;
  }
}

/** Real time shifted by a fixed offset: lets separate processes share a made-up midnight. */
export class OffsetClock implements Clock {
  constructor(private readonly offsetMs: number) {}
  now(): Instant {
    return Date.now() + this.offsetMs;
  }
}
