import { DomainError } from '../domain/index.js';

/** The instance is running as many heavy reads as it allows: a 503 with Retry-After. */
export class BusyError extends Error {
  constructor(
    message: string,
    readonly retryAfter: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}

export interface HeavyReadLimits {
  /** At once per client address. */
  perClient: number;
  /** At once in this instance. */
  total: number;
}

/**
 * Caps the public reads that hash many ballots: the whole ballot list reads and hashes every
 * ballot of the draw, and an inclusion proof a sealing page of up to 65,536 (the whole draw, for
 * one sealed before ADR 0013). Anyone may ask for them, so without a cap a few clients could keep the CPUs busy and slow
 * ballots and draws for everyone. Slots are per instance and in memory; a refused request
 * waits nothing and costs nothing.
 */
export class HeavyReads {
  private running = 0;
  private readonly byClient = new Map<string, number>();

  constructor(private readonly limits: HeavyReadLimits) {}

  /** Takes a slot for `client` or throws the refusal; call the result once, when done. */
  take(client: string): () => void {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.limits.perClient) {
      throw new DomainError(
        'rate-limited',
        `You already have ${mine} ballot list or proof request${mine === 1 ? '' : 's'} running; wait for ${mine === 1 ? 'it' : 'them'} to finish.`,
        { details: { retryAfter: 1 } },
      );
    }
    if (this.running >= this.limits.total) {
      throw new BusyError(
        'The service is building as many ballot lists and proofs as it can at once; try again in a few seconds.',
        2,
      );
    }
    this.running += 1;
    this.byClient.set(client, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left === 0) this.byClient.delete(client);
      else this.byClient.set(client, left);
    };
  }

  /** Requests holding a slot now (for tests and metrics). */
  get inUse(): number {
    return this.running;
  }
}
