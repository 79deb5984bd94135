import type { SealedPage, SealProgress } from '../db/mappers.js';
import { ballotIdPage, hasBallotsAfter } from '../db/repositories/ballot-numbers.js';
import {
  committedBallotMark,
  findSealProgress,
  openDrawsClosingAfter,
  saveSealProgress,
  whileSealingAhead,
} from '../db/repositories/seal-progress.js';
import { ballotSubtrees, MerkleBuilder, type Subtree } from '../fairness/merkle.js';
import type { AppContext, SubtreeHasher } from './context.js';

/**
 * How many ballot numbers one sealing page reads: a power of two, so a page is a perfect subtree.
 * The first ballot of each page is a checkpoint, from which the pick finds the k-th ballot
 * without a long scan.
 */
export const SEAL_PAGE = 65_536;
/** Pages being hashed at once, at most (each holds SEAL_PAGE numbers). */
const SEAL_AHEAD = 4;
/** Sealing ahead stops this long before a draw's midnight, leaving the machine to the close. */
const SEAL_AHEAD_MARGIN_MS = 2_000;

interface DrawToSeal {
  id: number;
  lottery_id: number;
  draw_date: string;
}

export interface Sealed {
  count: number;
  root: Buffer;
  /** The first ballot number of each page, in order. */
  checkpoints: number[];
  /** Each page's first ballot and Merkle root, in order: a proof's head start (ADR 0013). */
  pages: SealedPage[];
}

/**
 * Seals a closed draw: its count and Merkle root over every ballot in canonical order. It starts
 * from what was sealed during the day, if anything, and hashes the rest.
 */
export const sealBallots = async (ctx: AppContext, draw: DrawToSeal): Promise<Sealed> => {
  const saved = await findSealProgress(ctx.db, draw.id);
  let progress = resume(draw.id, saved);
  if (!progress) {
    // A damaged record never blocks a draw: it is only a head start.
    ctx.log.error({ drawId: draw.id }, 'the seal progress is inconsistent; sealing from the start');
    progress = resume(draw.id, undefined)!;
  }
  await hashPages(ctx, draw, progress, {});
  return {
    count: progress.ballots,
    root: progress.tree.root(),
    checkpoints: progress.checkpoints,
    pages: progress.pageRoots.map((root, i) => ({ first: progress.checkpoints[i]!, root })),
  };
};

/**
 * Seals ahead, during the day, every open draw holding at least a page of ballots beyond what is
 * already sealed, up to the last ballot that is surely committed; each page is recorded as it is
 * joined. The pages so sealed are exactly those the close would hash first, so the published
 * count and root are the same; midnight only hashes what came since (ADR 0008).
 * Returns how many pages it hashed.
 */
export const sealAhead = async (
  ctx: AppContext,
  options: { stopped?: () => boolean } = {},
): Promise<number> => {
  let pages = 0;
  for (const draw of await openDrawsClosingAfter(ctx.db, ctx.clock.now() + SEAL_AHEAD_MARGIN_MS)) {
    const stop = () =>
      options.stopped?.() === true || ctx.clock.now() >= draw.closes_at - SEAL_AHEAD_MARGIN_MS;
    if (stop()) break;
    // One instance at a time per draw: the others would hash the same pages.
    pages += (await whileSealingAhead(ctx.db, draw.id, () => sealDrawAhead(ctx, draw, stop))) ?? 0;
  }
  return pages;
};

const sealDrawAhead = async (
  ctx: AppContext,
  draw: DrawToSeal,
  stop: () => boolean,
): Promise<number> => {
  const saved = await findSealProgress(ctx.db, draw.id);
  if (!(await hasBallotsAfter(ctx.db, draw.id, saved?.lastBallotId ?? 0, SEAL_PAGE))) return 0;
  const progress = resume(draw.id, saved);
  if (!progress) {
    ctx.log.error({ drawId: draw.id }, 'the seal progress is inconsistent; the close seals all');
    return 0;
  }
  const mark = await committedBallotMark(ctx.db, draw.id);
  return hashPages(ctx, draw, progress, {
    // Background work: one thread, so requests keep a CPU while the day's pages are hashed.
    threads: 1,
    wholePagesUpTo: mark,
    stop,
    joined: () => saveSealProgress(ctx.db, snapshot(progress), ctx.clock.now()),
  });
};

interface Progress {
  drawId: number;
  tree: MerkleBuilder;
  ballots: number;
  lastBallotId: number;
  checkpoints: number[];
  /** The Merkle root of each page joined so far. */
  pageRoots: Buffer[];
}

/** The progress to carry on from; undefined when the record does not hold together. */
const resume = (drawId: number, saved: SealProgress | undefined): Progress | undefined => {
  const tree = new MerkleBuilder();
  const fresh: Progress = {
    drawId,
    tree,
    ballots: 0,
    lastBallotId: 0,
    checkpoints: [],
    pageRoots: [],
  };
  // A record made before page roots were kept (ADR 0013) is a head start the seal cannot use.
  if (!saved || saved.pageRoots.length === 0) return fresh;
  try {
    for (const { root, height } of saved.subtrees) tree.pushSubtree(root, height);
  } catch {
    return undefined;
  }
  if (
    tree.count !== saved.ballots ||
    saved.checkpoints.length * SEAL_PAGE !== saved.ballots ||
    saved.pageRoots.length !== saved.checkpoints.length
  ) {
    return undefined;
  }
  return {
    drawId,
    tree,
    ballots: saved.ballots,
    lastBallotId: saved.lastBallotId,
    checkpoints: [...saved.checkpoints],
    pageRoots: [...saved.pageRoots],
  };
};

const snapshot = (progress: Progress): SealProgress => ({
  drawId: progress.drawId,
  ballots: progress.ballots,
  lastBallotId: progress.lastBallotId,
  subtrees: progress.tree.subtrees(),
  checkpoints: progress.checkpoints,
  pageRoots: progress.pageRoots,
});

interface Page {
  hashed: Promise<Subtree[]>;
  size: number;
  first: number;
  last: number;
}

/**
 * Streams the draw's ballot numbers after `progress` in canonical order into its tree, in keyset
 * pages, so memory stays flat however many ballots there are. With a subtree hasher, pages are
 * hashed on other threads while the next ones are read, at most SEAL_AHEAD at once, and joined
 * in order. By default it goes to the end, last partial page included; with `wholePagesUpTo` it
 * takes only whole pages of ballots numbered up to that. Returns how many pages it joined.
 */
const hashPages = async (
  ctx: AppContext,
  draw: DrawToSeal,
  progress: Progress,
  options: {
    threads?: number;
    wholePagesUpTo?: number;
    stop?: () => boolean;
    joined?: () => Promise<void>;
  },
): Promise<number> => {
  const hasher = ctx.subtreeHasher ?? inlineHasher;
  const pending: Page[] = [];
  let joined = 0;
  const join = async (page: Page) => {
    const subtrees = await page.hashed;
    for (const { root, height } of subtrees) progress.tree.pushSubtree(root, height);
    progress.pageRoots.push(pageRoot(subtrees));
    progress.ballots += page.size;
    progress.lastBallotId = page.last;
    progress.checkpoints.push(page.first);
    joined += 1;
    await options.joined?.();
  };
  let after = progress.lastBallotId;
  try {
    for (;;) {
      if (options.stop?.()) break;
      const ids = await ballotIdPage(ctx.db, draw.id, after, SEAL_PAGE);
      const whole = ids.length === SEAL_PAGE;
      const upTo = options.wholePagesUpTo;
      if (upTo !== undefined && (!whole || ids[ids.length - 1]! > upTo)) break;
      if (ids.length > 0) {
        pending.push({
          hashed: hasher.hash(
            draw.lottery_id,
            draw.draw_date,
            ids,
            options.threads === undefined ? {} : { threads: options.threads },
          ),
          size: ids.length,
          first: ids[0]!,
          last: ids[ids.length - 1]!,
        });
      }
      if (pending.length >= SEAL_AHEAD) await join(pending.shift()!);
      if (!whole) break;
      after = ids[ids.length - 1]!;
      // Let requests in between pages: on SQLite every page is read synchronously.
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (pending.length > 0) await join(pending.shift()!);
  } finally {
    // A failed seal leaves no run unobserved (it is retried from what was recorded).
    for (const page of pending) page.hashed.catch(() => {});
  }
  if (progress.tree.count !== progress.ballots) {
    throw new Error(`sealed ${progress.tree.count} of the ${progress.ballots} ballots read`);
  }
  return joined;
};

/** A page's own Merkle root: a whole page is one perfect subtree, the last may be several. */
const pageRoot = (subtrees: readonly Subtree[]): Buffer => {
  if (subtrees.length === 1) return subtrees[0]!.root;
  const tree = new MerkleBuilder();
  for (const { root, height } of subtrees) tree.pushSubtree(root, height);
  return tree.root();
};

const inlineHasher: SubtreeHasher = {
  hash: (lotteryId, date, ids) => Promise.resolve(ballotSubtrees(lotteryId, date, ids)),
};
