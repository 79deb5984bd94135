/** Time and randomness reach the domain only through these ports, so tests can pin them. */

/** Epoch milliseconds (UTC). The domain never reads the system clock itself. */
export type Instant = number;

export interface Clock {
  now(): Instant;
}

/** A source of uniformly random bytes. In production the operating system's CSPRNG. */
export interface RandomSource {
  bytes(length: number): Uint8Array;
}
