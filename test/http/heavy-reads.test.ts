import { describe, expect, it } from 'vitest';
import { BusyError, HeavyReads } from '../../src/http/heavy-reads.js';
import { DomainError } from '../../src/domain/index.js';

describe('HeavyReads', () => {
  it('gives each client its own slots, within the instance’s', () => {
    const slots = new HeavyReads({ perClient: 1, total: 2 });
    const a = slots.take('a');
    expect(() => slots.take('a')).toThrow(DomainError);
    const b = slots.take('b');
    expect(() => slots.take('c')).toThrow(BusyError);
    a();
    expect(slots.take('c')).toBeTypeOf('function');
    b();
  });

  it('gives a slot back once, however often it is released', () => {
    const slots = new HeavyReads({ perClient: 2, total: 2 });
    const a = slots.take('a');
    const b = slots.take('b');
    a();
    a();
    expect(slots.inUse).toBe(1);
    expect(() => slots.take('c')).not.toThrow();
    expect(() => slots.take('d')).toThrow(BusyError);
    b();
  });
});
