import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  MerkleBuilder,
  ballotLeafData,
  ballotLeafHash,
  hashLeaf,
  inclusionProof,
  inclusionProofFromStream,
  merkleRoot,
  merkleTreeProofs,
  rootFromInclusion,
  verifyInclusion,
} from '../../src/fairness/index.js';

// A second, deliberately naive implementation of RFC 9162 section 2.1.1, written from the RFC's
// text and sharing no code with src/fairness: the reference the module is compared against.
const sha = (...parts: Uint8Array[]): Buffer => {
  const hash = createHash('sha256');
  parts.forEach((part) => hash.update(part));
  return hash.digest();
};
const referenceMth = (leaves: Buffer[]): Buffer => {
  if (leaves.length === 0) return sha(Buffer.alloc(0));
  if (leaves.length === 1) return leaves[0] as Buffer;
  let k = 1;
  while (k < leaves.length) k <<= 1;
  k >>= 1; // the largest power of two strictly less than n
  return sha(Buffer.from([1]), referenceMth(leaves.slice(0, k)), referenceMth(leaves.slice(k)));
};

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Leaf i (0-based) of the documented examples: ballot i + 1 of lottery "example" on 2023-09-15. */
const exampleLeaves = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => ballotLeafHash('example', '2023-09-15', i + 1));

const buildStreaming = (leaves: Buffer[]): Buffer => {
  const builder = new MerkleBuilder();
  leaves.forEach((leaf) => builder.push(leaf));
  expect(builder.count).toBe(leaves.length);
  return builder.root();
};

async function* asAsync<T>(items: Iterable<T>): AsyncIterable<T> {
  for (const item of items) {
    await Promise.resolve();
    yield item;
  }
}

describe('Merkle tree (RFC 9162)', () => {
  it('hashes the empty tree to SHA-256 of the empty string', () => {
    expect(hex(EMPTY_ROOT)).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(merkleRoot([]).equals(EMPTY_ROOT)).toBe(true);
    expect(new MerkleBuilder().root().equals(EMPTY_ROOT)).toBe(true);
  });

  it('gives the same root as the recursive definition for 1..64 leaves', () => {
    for (let n = 1; n <= 64; n += 1) {
      const leaves = exampleLeaves(n);
      const expected = hex(referenceMth(leaves));
      expect(hex(merkleRoot(leaves)), `merkleRoot, n = ${n}`).toBe(expected);
      expect(hex(buildStreaming(leaves)), `MerkleBuilder, n = ${n}`).toBe(expected);
    }
  });

  it('can report the root at any point while leaves are still being pushed', () => {
    const leaves = exampleLeaves(20);
    const builder = new MerkleBuilder();
    leaves.forEach((leaf, i) => {
      builder.push(leaf);
      expect(hex(builder.root())).toBe(hex(referenceMth(leaves.slice(0, i + 1))));
    });
  });

  it('agrees with the Certificate Transparency reference vectors', () => {
    // The leaf inputs and tree heads used by the RFC 6962 / 9162 reference implementations.
    const inputs = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657'];
    inputs.push('606162636465666768696a6b6c6d6e6f');
    const leaves = inputs.map((input) => hashLeaf(Buffer.from(input, 'hex')));
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    roots.forEach((root, i) => expect(hex(merkleRoot(leaves.slice(0, i + 1)))).toBe(root));
    expect(inclusionProof(0, leaves).map(hex)).toEqual([
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ]);
  });

  it('matches the known-answer roots in docs/fairness.md', () => {
    const roots: Record<number, string> = {
      1: 'c62ef9d7c54f3b503f3bd0c5dba6ccbcc25740c778d4b384650cfde489853932',
      2: 'f82e5be24eaad11cc82c8d81065298ca4b8094ae139a3a226c44acd1f697ac08',
      3: 'eb805122196981c94b3f9e656a97f9f65d7aa21d971d62f2487c8bd68c4734a7',
      4: '6913d45a674911b3c83d6031606bd3db96124d5ee85e24b37c22cdd798d2325e',
      5: '047e86cd4ca738ca98efc645b3f884264ca027bf0544731e85d268d2f4a206c8',
      7: '55c748ec08cde271b35276a3220a66afa79759307b38b4ffc92762b135e08f13',
      8: '80bd664c0e9b4d3a4472696f85a42ce762735a787d7c1e9f8e56f7286bfb8fdf',
      17: '3c2cb78acd8112faec5c605468981be46f3b885c5b814ca7e55316a86c83b61f',
    };
    for (const [n, root] of Object.entries(roots)) {
      expect(hex(merkleRoot(exampleLeaves(Number(n))))).toBe(root);
    }
  });
});

describe('Ballot leaves', () => {
  it('are computed from public data as documented', () => {
    expect(hex(ballotLeafData('example', '2023-09-15', 3))).toBe(
      '000000166c6f74746572792d666169722d76312f62616c6c6f74' +
        '000000076578616d706c65' +
        '0000000a323032332d30392d3135' +
        '0000000133',
    );
    expect(hex(ballotLeafHash('example', '2023-09-15', 3))).toBe(
      'e7587106d55fe52792327c0d648e3f13b38ed5e3b323a4b6614801204f6b07a5',
    );
  });

  it('treat an integer lottery id as its decimal text', () => {
    expect(ballotLeafHash(42, '2023-09-15', 1).equals(ballotLeafHash('42', '2023-09-15', 1))).toBe(
      true,
    );
  });

  it('refuse ids and dates that would not encode canonically', () => {
    expect(() => ballotLeafHash('example', '2023-02-30', 1)).toThrow(RangeError);
    expect(() => ballotLeafHash('example', '2023-9-15', 1)).toThrow(RangeError);
    expect(() => ballotLeafHash('example', '2023-09-15', -1)).toThrow(RangeError);
    expect(() => ballotLeafHash('example', '2023-09-15', 1.5)).toThrow(RangeError);
    expect(() => ballotLeafHash('', '2023-09-15', 1)).toThrow(RangeError);
  });
});

describe('Inclusion proofs (RFC 9162)', () => {
  it('match the documented proof for ballot 8, the third of five', () => {
    const ballots = [3, 5, 8, 13, 21].map((id) => ballotLeafHash('example', '2023-09-15', id));
    const proof = inclusionProof(2, ballots);
    expect(proof.map(hex)).toEqual([
      'af08acd8cb07dd9152a65162017890292f8668517003e11cdf7ccebebb11e27f',
      'df9bbb200321ebc141156a05b08e7ae2e1e697141b3518d81bb00e40342442d7',
      '143b0b3c6551def072782c91fbaae1be38fa9e372308d2ff9ec7a39fc613ea55',
    ]);
    const root = Buffer.from(
      '785648d144d27917bc7b98776c9588ab8d4746cf3e9cf2e7ffb276a7b3701b41',
      'hex',
    );
    expect(merkleRoot(ballots).equals(root)).toBe(true);
    expect(verifyInclusion(ballots[2] as Buffer, 2, 5, proof, root)).toBe(true);
  });

  it('come all at once, with the root, exactly as one by one, for trees of 0..33 leaves', () => {
    for (let n = 0; n <= 33; n += 1) {
      const leaves = exampleLeaves(n);
      const { root, paths } = merkleTreeProofs(leaves);
      expect(hex(root)).toBe(hex(merkleRoot(leaves)));
      expect(paths.map((p) => p.map(hex))).toEqual(
        leaves.map((_, i) => inclusionProof(i, leaves).map(hex)),
      );
      leaves.forEach((leaf, i) => {
        expect(hex(rootFromInclusion(leaf, i, n, paths[i]!)!)).toBe(hex(root));
      });
    }
  });

  it('verify for every leaf of trees of 1..33 leaves, and fail for any other position', () => {
    for (let n = 1; n <= 33; n += 1) {
      const leaves = exampleLeaves(n);
      const root = merkleRoot(leaves);
      for (let i = 0; i < n; i += 1) {
        const leaf = leaves[i] as Buffer;
        const proof = inclusionProof(i, leaves);
        expect(verifyInclusion(leaf, i, n, proof, root), `leaf ${i} of ${n}`).toBe(true);
        expect(verifyInclusion(leaf, (i + 1) % n, n, proof, root)).toBe(n === 1);
        expect(verifyInclusion(leaf, i, i, proof, root)).toBe(false); // index beyond the tree
      }
    }
  });

  it('are the same when built from a stream, for every index of sizes 1..33', async () => {
    for (let n = 1; n <= 33; n += 1) {
      const leaves = exampleLeaves(n);
      for (let i = 0; i < n; i += 1) {
        const expected = inclusionProof(i, leaves).map(hex);
        expect((await inclusionProofFromStream(i, n, leaves)).map(hex), `sync ${i}/${n}`).toEqual(
          expected,
        );
        const streamed = await inclusionProofFromStream(i, n, asAsync(leaves));
        expect(streamed.map(hex), `async ${i}/${n}`).toEqual(expected);
      }
    }
  });

  it('refuse a stream that does not hold the announced number of leaves', async () => {
    const leaves = exampleLeaves(6);
    await expect(inclusionProofFromStream(2, 7, leaves)).rejects.toThrow(/6 leaves, not 7/);
    await expect(inclusionProofFromStream(2, 5, leaves)).rejects.toThrow(/more than 5/);
    await expect(inclusionProofFromStream(6, 6, leaves)).rejects.toThrow(RangeError);
  });

  it('fail for a tampered leaf, sibling, root or proof length', () => {
    const leaves = exampleLeaves(11);
    const root = merkleRoot(leaves);
    const proof = inclusionProof(6, leaves);
    const leaf = leaves[6] as Buffer;
    const flipped = (bytes: Buffer): Buffer => {
      const copy = Buffer.from(bytes);
      copy[0] = (copy[0] as number) ^ 1;
      return copy;
    };
    expect(verifyInclusion(leaf, 6, 11, proof, root)).toBe(true);
    expect(verifyInclusion(flipped(leaf), 6, 11, proof, root)).toBe(false);
    expect(verifyInclusion(leaf, 6, 11, proof, flipped(root))).toBe(false);
    proof.forEach((_, j) => {
      const forged = proof.map((hash, k) => (k === j ? flipped(hash) : hash));
      expect(verifyInclusion(leaf, 6, 11, forged, root)).toBe(false);
    });
    expect(verifyInclusion(leaf, 6, 11, proof.slice(0, -1), root)).toBe(false);
    expect(verifyInclusion(leaf, 6, 11, [...proof, root], root)).toBe(false);
    expect(verifyInclusion(leaf, -1, 11, proof, root)).toBe(false);
  });

  it('split at pages of a power of two: the path in the page, then the page’s among page roots (ADR 0013)', () => {
    for (const page of [1, 2, 4, 8]) {
      for (let n = 1; n <= 40; n += 1) {
        const leaves = exampleLeaves(n);
        const roots: Buffer[] = [];
        for (let first = 0; first < n; first += page) {
          roots.push(merkleRoot(leaves.slice(first, first + page)));
        }
        for (let i = 0; i < n; i += 1) {
          const p = Math.floor(i / page);
          const inPage = leaves.slice(p * page, p * page + page);
          const split = [...inclusionProof(i % page, inPage), ...inclusionProof(p, roots)];
          expect(split.map(hex), `leaf ${i} of ${n}, pages of ${page}`).toEqual(
            inclusionProof(i, leaves).map(hex),
          );
        }
      }
    }
  });
});
