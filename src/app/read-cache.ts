/**
 * Reads that everybody asks for at once (the lottery list, a day's winners, the lottery of every
 * ballot submitted) are answered from memory for a moment: under a midnight rush one database read serves every request of that
 * moment, and concurrent misses share a single load. Entries are at most `ttlMs` old (a ballot
 * count a second behind is fine for a public list); with `ttlMs` 0 nothing is kept.
 */
export class ReadCache<V> {
  private readonly entries = new Map<string, { at: number; value: Promise<V>; settled?: V }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    if (this.ttlMs <= 0) return load();
    const now = performance.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = load();
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    const entry: { at: number; value: Promise<V>; settled?: V } = { at: now, value };
    this.entries.set(key, entry);
    value.then(
      (settled) => (entry.settled = settled),
      // A failed load is not remembered.
      () => this.entries.get(key) === entry && this.entries.delete(key),
    );
    return value;
  }

  /**
   * Until when (`performance.now()`) `value` is what this cache answers for `key`; undefined when
   * it is not (any more): nothing is kept, it expired, or it was cleared or replaced since.
   */
  expiresAt(key: string, value: V): number | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined || hit.settled !== value) return undefined;
    const until = hit.at + this.ttlMs;
    return until > performance.now() ? until : undefined;
  }

  /** Forgets everything: after a write this process made. */
  clear(): void {
    this.entries.clear();
  }
}
