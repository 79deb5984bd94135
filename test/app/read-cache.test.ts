import { describe, expect, it } from 'vitest';
import { ReadCache } from '../../src/app/read-cache.js';

describe('ReadCache', () => {
  it('answers from memory within its lifetime, and concurrent misses share one load', async () => {
    const cache = new ReadCache<number>(60_000);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache.get('k', load), cache.get('k', load)]);
    expect([a, b, await cache.get('k', load)]).toEqual([1, 1, 1]);
    expect(await cache.get('other', load)).toBe(2);
  });

  it('loads again once an entry is older than its lifetime', async () => {
    const cache = new ReadCache<number>(20);
    let loads = 0;
    await cache.get('k', async () => ++loads);
    await new Promise((r) => setTimeout(r, 40));
    expect(await cache.get('k', async () => ++loads)).toBe(2);
  });

  it('does not remember a failed load', async () => {
    const cache = new ReadCache<number>(60_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 7)).toBe(7);
  });

  it('keeps nothing with a lifetime of 0, and forgets everything when cleared', async () => {
    let loads = 0;
    const none = new ReadCache<number>(0);
    await none.get('k', async () => ++loads);
    expect(await none.get('k', async () => ++loads)).toBe(2);
    const cache = new ReadCache<number>(60_000);
    await cache.get('k', async () => 1);
    cache.clear();
    expect(await cache.get('k', async () => 2)).toBe(2);
  });

  it('says until when a value is the one it answers, and not once cleared or replaced', async () => {
    const cache = new ReadCache<object>(60_000);
    const before = performance.now();
    const first = await cache.get('k', async () => ({}));
    const until = cache.expiresAt('k', first)!;
    expect(until).toBeGreaterThanOrEqual(before + 60_000);
    expect(cache.expiresAt('k', {})).toBeUndefined();
    expect(cache.expiresAt('other', first)).toBeUndefined();
    cache.clear();
    expect(cache.expiresAt('k', first)).toBeUndefined();
    const second = await cache.get('k', async () => ({}));
    expect(cache.expiresAt('k', first)).toBeUndefined();
    expect(cache.expiresAt('k', second)).toBeDefined();
    const none = new ReadCache<object>(0);
    expect(none.expiresAt('k', await none.get('k', async () => ({})))).toBeUndefined();
  });
});
