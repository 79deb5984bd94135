import type { Kysely } from 'kysely';
import type { DialectName } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Clock, RandomSource } from '../domain/index.js';
import type { BeaconSource } from '../fairness/beacon.js';
import type { Subtree } from '../fairness/merkle.js';
import type { PasswordHasher } from '../infra/passwords.js';

/** The smallest logger the use cases need; pino satisfies it. */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Everything a use case may touch, passed in explicitly: the ports and the database. */
export interface AppContext {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  random: RandomSource;
  passwords: PasswordHasher;
  isCommonPassword: (password: string) => boolean;
  /** A public randomness beacon for draws, or null to draw from the committed seed alone. */
  beacon: BeaconSource | null;
  /** How long after midnight the committed beacon round comes (default BEACON_MARGIN_MS). */
  beaconMarginMs?: number;
  /** Names this process in draw leases. */
  instanceId: string;
  log: Logger;
  /** Called after events that metrics or caches care about. */
  events?: AppEvents;
  /** Hashes runs of ballots for the seal on other threads; without it the seal hashes inline. */
  subtreeHasher?: SubtreeHasher;
}

/** `ballotSubtrees` for a run of a draw's ballots, perhaps on another thread. */
export interface SubtreeHasher {
  /** `threads`: on at most this many threads (background work leaves the others free). */
  hash(
    lotteryId: number,
    date: string,
    ballotIds: readonly number[],
    options?: { threads?: number },
  ): Promise<Subtree[]>;
}

export interface AppEvents {
  ballotsSubmitted?(count: number): void;
  drawDrawn?(info: {
    drawId: number;
    lotteryId: number;
    date: string;
    ballotCount: number;
    ms: number;
  }): void;
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
