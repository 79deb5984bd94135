import type { Participant } from '../domain/index.js';

interface Entry {
  participant: Participant;
  /** performance.now() after which the entry is looked up again. */
  freshUntil: number;
}

/**
 * Who a session cookie or bearer token belongs to, remembered for a moment so that a client
 * sending many requests (a script buying ballots at midnight) costs one lookup per `ttlMs`
 * instead of one per request. Keys are the secrets' hashes, never the secrets. The owner clears
 * it on every account change it makes; with `ttlMs` 0 nothing is kept.
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): Participant | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (performance.now() < entry.freshUntil) return entry.participant;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, participant: Participant): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { participant, freshUntil: performance.now() + this.ttlMs });
  }

  clear(): void {
    this.entries.clear();
  }
}
