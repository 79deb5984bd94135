/**
 * Step 3: seal the day's ballots in a Merkle tree hashed as in RFC 9162 (Certificate
 * Transparency v2), section 2.1: leaf = SHA-256(0x00 ‖ leafData), node = SHA-256(0x01 ‖ left ‖
 * right), the left subtree of n leaves holds the largest power of two below n, nothing is
 * duplicated, and the empty tree hashes to SHA-256 of the empty string.
 */
import {
  TAGS,
  type LotteryId,
  dateText,
  decimal,
  encodeFields,
  lotteryIdText,
  requireBytes,
  sha256,
} from './encoding.js';

export const HASH_BYTES = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

export const EMPTY_ROOT: Buffer = sha256();

export function hashLeaf(leafData: Uint8Array): Buffer {
  return sha256(LEAF_PREFIX, leafData);
}

/**
 * SHA-256 of one byte string. node:crypto's is the default; the seal's worker threads pass a
 * WebAssembly one that is faster for the short inputs of a tree (see SubtreeHasherPool).
 */
export type Sha256 = (data: Uint8Array) => Uint8Array;

const nodeSha256: Sha256 = (data) => sha256(data);

// One reusable buffer for node hashing: 0x01 ‖ left ‖ right (sealing hashes millions of nodes).
const nodeInput = Buffer.alloc(65, 1);

export function hashNode(left: Uint8Array, right: Uint8Array): Buffer {
  return hashNodeWith(nodeSha256, left, right) as Buffer;
}

function hashNodeWith(sha: Sha256, left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) {
    return sha256(NODE_PREFIX, left, right);
  }
  nodeInput.set(left, 1);
  nodeInput.set(right, 33);
  return sha(nodeInput);
}

/** leafData = field(tag) ‖ field(lotteryId) ‖ field(date) ‖ field(ballotId): all public. */
export function ballotLeafData(lotteryId: LotteryId, date: string, ballotId: number): Buffer {
  return encodeFields([
    TAGS.ballot,
    lotteryIdText(lotteryId),
    dateText(date),
    decimal(ballotId, 'ballotId'),
  ]);
}

export function ballotLeafHash(lotteryId: LotteryId, date: string, ballotId: number): Buffer {
  return hashLeaf(ballotLeafData(lotteryId, date, ballotId));
}

/**
 * The same leaf hashes as `ballotLeafHash` for many ballots of one draw, without re-encoding the
 * fields they share: the constant prefix is written once and only the ballot number changes.
 */
export function ballotLeafHasher(lotteryId: LotteryId, date: string): (ballotId: number) => Buffer {
  // node:crypto's SHA-256 returns Buffers.
  return leafHasherWith(nodeSha256, lotteryId, date) as (ballotId: number) => Buffer;
}

function leafHasherWith(
  sha: Sha256,
  lotteryId: LotteryId,
  date: string,
): (ballotId: number) => Uint8Array {
  const prefix = Buffer.concat([
    LEAF_PREFIX,
    encodeFields([TAGS.ballot, lotteryIdText(lotteryId), dateText(date)]),
  ]);
  // Room for the length field and the decimal digits of any safe integer.
  const input = Buffer.alloc(prefix.length + 4 + 16);
  prefix.copy(input);
  return (ballotId) => {
    const digits = decimal(ballotId, 'ballotId');
    input.writeUInt32BE(digits.length, prefix.length);
    const end = prefix.length + 4 + input.write(digits, prefix.length + 4, 'latin1');
    return sha(input.subarray(0, end));
  };
}

/** A perfect Merkle subtree: the root of 2^height consecutive leaves. */
export interface Subtree {
  root: Buffer;
  height: number;
}

/**
 * The perfect subtrees (largest first) of a run of a draw's ballots in canonical order: feed them
 * to `MerkleBuilder.pushSubtree` in order. Lets a seal hash runs apart (on other threads) and
 * still build the one tree; a run must start where its first subtree can (a multiple of its size).
 */
export function ballotSubtrees(
  lotteryId: LotteryId,
  date: string,
  ballotIds: ArrayLike<number>,
  sha: Sha256 = nodeSha256,
): Subtree[] {
  const leafHash = leafHasherWith(sha, lotteryId, date);
  const tree = new MerkleBuilder(sha);
  for (let i = 0; i < ballotIds.length; i++) tree.push(leafHash(ballotIds[i]!));
  return tree.subtrees();
}

/** The largest power of two strictly below n (n >= 2): the size of the left subtree. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkLeafHash(leafHash: Uint8Array): void {
  requireBytes(leafHash, HASH_BYTES, 'leaf hash');
}

function checkCount(index: number, count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError('count must be >= 0');
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
    throw new RangeError(`index ${String(index)} is outside a tree of ${String(count)} leaves`);
  }
}

/** MTH(D[start:end]), straight from the recursive definition: the reference implementation. */
function subtreeRoot(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 0) return EMPTY_ROOT;
  if (n === 1) return Buffer.from(leaves[start] as Uint8Array);
  const k = splitPoint(n);
  return hashNode(subtreeRoot(leaves, start, start + k), subtreeRoot(leaves, start + k, end));
}

/** The Merkle tree hash of a list of leaf hashes. */
export function merkleRoot(leaves: readonly Uint8Array[]): Buffer {
  leaves.forEach(checkLeafHash);
  return subtreeRoot(leaves, 0, leaves.length);
}

/**
 * Builds the same root from a stream of leaf hashes in O(log n) memory. It keeps the roots of
 * the perfect subtrees that the leaves so far split into, one per set bit of the count (like a
 * binary counter); the root folds them together from the smallest (rightmost) one.
 */
export class MerkleBuilder {
  /** perfect[h] is the root of a full subtree of 2^h leaves, present iff bit h of count is 1. */
  private readonly perfect: (Uint8Array | undefined)[] = [];
  private leafCount = 0;

  constructor(private readonly sha: Sha256 = nodeSha256) {}

  push(leafHash: Uint8Array): void {
    checkLeafHash(leafHash);
    this.carry(leafHash, 0);
    this.leafCount += 1;
  }

  /**
   * Adds a whole perfect subtree of 2^height leaves at once, given its root: the same as pushing
   * its leaves one by one. Only where such a subtree can start: the count must be a multiple of
   * 2^height (subtrees of a run, highest first, as `ballotSubtrees` gives them).
   */
  pushSubtree(root: Uint8Array, height: number): void {
    checkLeafHash(root);
    if (!Number.isSafeInteger(height) || height < 0 || height > 52) {
      throw new RangeError('height must be an integer from 0 to 52');
    }
    const size = 2 ** height;
    if (this.leafCount % size !== 0) {
      throw new RangeError(`a subtree of ${size} leaves cannot start at leaf ${this.leafCount}`);
    }
    this.carry(root, height);
    this.leafCount += size;
  }

  /** Places a subtree root at `height`, merging equal-height neighbours upward like a carry. */
  private carry(root: Uint8Array, height: number): void {
    let carry: Uint8Array = Uint8Array.from(root);
    let h = height;
    let left = this.perfect[h];
    while (left !== undefined) {
      carry = hashNodeWith(this.sha, left, carry);
      this.perfect[h] = undefined;
      h += 1;
      left = this.perfect[h];
    }
    this.perfect[h] = carry;
  }

  /** The perfect subtrees the leaves so far make, largest (leftmost) first. */
  subtrees(): Subtree[] {
    const out: Subtree[] = [];
    for (let h = this.perfect.length - 1; h >= 0; h--) {
      const root = this.perfect[h];
      if (root !== undefined) out.push({ root: Buffer.from(root), height: h });
    }
    return out;
  }

  get count(): number {
    return this.leafCount;
  }

  root(): Buffer {
    let root: Uint8Array | undefined;
    for (const subtree of this.perfect) {
      if (subtree !== undefined)
        root = root === undefined ? subtree : hashNodeWith(this.sha, subtree, root);
    }
    return root === undefined ? EMPTY_ROOT : Buffer.from(root);
  }
}

/** PATH(m, D[n]) of RFC 9162 section 2.1.3.1: sibling hashes from the leaf up to the root. */
export function inclusionProof(index: number, leaves: readonly Uint8Array[]): Buffer[] {
  checkCount(index, leaves.length);
  leaves.forEach(checkLeafHash);
  const path = (m: number, start: number, end: number): Buffer[] => {
    const n = end - start;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k
      ? [...path(m, start, start + k), subtreeRoot(leaves, start + k, end)]
      : [...path(m - k, start + k, end), subtreeRoot(leaves, start, start + k)];
  };
  return path(index, 0, leaves.length);
}

/**
 * The root and every leaf's inclusion proof at once, in O(n log n): each subtree is hashed once,
 * and its root becomes the next proof hash of every leaf of its sibling.
 */
export function merkleTreeProofs(leaves: readonly Uint8Array[]): {
  root: Buffer;
  paths: Buffer[][];
} {
  leaves.forEach(checkLeafHash);
  const paths: Buffer[][] = leaves.map(() => []);
  const build = (start: number, end: number): Buffer => {
    const n = end - start;
    if (n === 1) return Buffer.from(leaves[start] as Uint8Array);
    const k = splitPoint(n);
    const left = build(start, start + k);
    const right = build(start + k, end);
    for (let i = start; i < start + k; i++) paths[i]!.push(right);
    for (let i = start + k; i < end; i++) paths[i]!.push(left);
    return hashNode(left, right);
  };
  return { root: leaves.length === 0 ? EMPTY_ROOT : build(0, leaves.length), paths };
}

/**
 * The leaf ranges [start, end) whose subtree roots make up the proof for `index`, in proof order.
 * They are disjoint and cover every leaf but `index`.
 */
function proofRanges(index: number, count: number): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  let end = count;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      ranges.push([start + k, end]);
      end = start + k;
    } else {
      ranges.push([start, start + k]);
      start += k;
    }
  }
  return ranges.reverse(); // we walked down from the root; the proof starts at the leaf
}

/**
 * The same proof as `inclusionProof`, from leaf hashes streamed in order, in O(log n) memory:
 * each sibling subtree is a contiguous range of leaves, built with its own MerkleBuilder while
 * its leaves stream past. Throws if the stream does not hold exactly `count` leaves.
 */
export async function inclusionProofFromStream(
  index: number,
  count: number,
  leaves: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<Buffer[]> {
  checkCount(index, count);
  const ranges = proofRanges(index, count);
  const byStart = ranges
    .map((range, slot) => ({ range, slot }))
    .sort((a, b) => a.range[0] - b.range[0]);
  const proof: Buffer[] = new Array<Buffer>(ranges.length);
  let next = 0; // the next range (in leaf order) to fill
  let builder = new MerkleBuilder();
  let position = 0;
  for await (const leaf of leaves) {
    checkLeafHash(leaf);
    if (position >= count) {
      throw new RangeError(`the stream holds more than ${String(count)} leaves`);
    }
    const current = byStart[next];
    if (current !== undefined && position >= current.range[0]) {
      builder.push(leaf);
      if (position === current.range[1] - 1) {
        proof[current.slot] = builder.root();
        builder = new MerkleBuilder();
        next += 1;
      }
    }
    position += 1;
  }
  if (position !== count) {
    throw new RangeError(`the stream holds ${String(position)} leaves, not ${String(count)}`);
  }
  return proof;
}

/**
 * Checks an inclusion proof (RFC 9162 section 2.1.3.2): that `leafHash` is leaf `index` of a tree
 * of `count` leaves with root `root`.
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  count: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  const sized = (h: Uint8Array): boolean => h instanceof Uint8Array && h.length === HASH_BYTES;
  return sized(root) && rootFromInclusion(leafHash, index, count, proof)?.equals(root) === true;
}

/**
 * The root that an inclusion proof leads to from leaf `index` of `count` (RFC 9162 section
 * 2.1.3.2), or undefined when the proof cannot belong to such a tree.
 */
export function rootFromInclusion(
  leafHash: Uint8Array,
  index: number,
  count: number,
  proof: readonly Uint8Array[],
): Buffer | undefined {
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(index) || index < 0 || index >= count) {
    return undefined;
  }
  const sized = (h: Uint8Array): boolean => h instanceof Uint8Array && h.length === HASH_BYTES;
  if (!sized(leafHash) || !proof.every(sized)) return undefined;
  // fn walks the path of the leaf, sn the path of the last leaf, one level up per step. Where fn
  // is a right child, or the last node of its level (a left child without a sibling), the
  // proof hash goes on the left; a node with no sibling is carried up unchanged.
  let fn = index;
  let sn = count - 1;
  let hash: Buffer = Buffer.from(leafHash);
  for (const sibling of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      hash = hashNode(sibling, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      hash = hashNode(hash, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hash : undefined;
}
