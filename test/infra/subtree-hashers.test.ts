import { afterAll, describe, expect, it } from 'vitest';
import {
  ballotSubtrees,
  MerkleBuilder,
  merkleRoot,
  ballotLeafHash,
} from '../../src/fairness/merkle.js';
import { SubtreeHasherPool } from '../../src/infra/subtree-hashers.js';

const hex = (subtrees: { root: Buffer; height: number }[]) =>
  subtrees.map((s) => [s.height, s.root.toString('hex')]);

describe('SubtreeHasherPool', () => {
  const pool = new SubtreeHasherPool(2);
  afterAll(() => pool.close());

  it('hashes runs on worker threads exactly as ballotSubtrees does on this one', async () => {
    const runs = [[1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11], [], [12]];
    const answers = await Promise.all(runs.map((run) => pool.hash(3, '2026-03-10', run)));
    runs.forEach((run, i) => {
      expect(hex(answers[i]!)).toEqual(hex(ballotSubtrees(3, '2026-03-10', run)));
    });
  });

  it('builds the same tree from runs of subtrees as from every leaf', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => 7 * i + 1);
    const tree = new MerkleBuilder();
    for (let start = 0; start < ids.length; start += 256) {
      for (const { root, height } of await pool.hash(
        1,
        '2026-03-10',
        ids.slice(start, start + 256),
      ))
        tree.pushSubtree(root, height);
    }
    const leaves = ids.map((id) => ballotLeafHash(1, '2026-03-10', id));
    expect(tree.count).toBe(1000);
    expect(tree.root().toString('hex')).toBe(merkleRoot(leaves).toString('hex'));
  });

  it('keeps work it is asked to keep to one thread on one thread', async () => {
    const background = new SubtreeHasherPool(2);
    try {
      const runs = [
        [1, 2, 3],
        [4, 5],
        [6, 7, 8, 9],
      ];
      const answers = await Promise.all(
        runs.map((run) => background.hash(3, '2026-03-10', run, { threads: 1 })),
      );
      expect(background.started).toBe(1);
      runs.forEach((run, i) => {
        expect(hex(answers[i]!)).toEqual(hex(ballotSubtrees(3, '2026-03-10', run)));
      });
      await background.hash(3, '2026-03-10', [1]);
      expect(background.started).toBe(2);
    } finally {
      await background.close();
    }
  });

  it('fails the job, not the pool, on a ballot number it cannot hash', async () => {
    await expect(pool.hash(1, '2026-03-10', [1, -5])).rejects.toThrow(/subtree hashing failed/);
    expect(await pool.hash(1, '2026-03-10', [1])).toHaveLength(1);
  });
});

describe('MerkleBuilder.pushSubtree', () => {
  it('refuses a subtree where it cannot start', () => {
    const tree = new MerkleBuilder();
    tree.push(ballotLeafHash(1, '2026-03-10', 1));
    expect(() => tree.pushSubtree(ballotLeafHash(1, '2026-03-10', 2), 1)).toThrow(RangeError);
  });
});
