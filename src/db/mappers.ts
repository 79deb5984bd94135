import type { Ballot, Draw, DrawResult, LocalDate, Lottery, Participant } from '../domain/index.js';
import type { Insertable } from 'kysely';
import type { Subtree } from '../fairness/merkle.js';
import type {
  BallotRow,
  DrawResultRow,
  DrawRow,
  DrawSealProgressRow,
  DrawSealProgressTable,
  LotteryRow,
  ParticipantRow,
} from './schema.js';

/** One function per table turns a row into its domain value; nothing else reads rows. */

export const toParticipant = (
  row: Pick<ParticipantRow, 'id' | 'username' | 'role' | 'created_at'>,
): Participant => ({
  id: row.id,
  username: row.username,
  role: row.role,
  createdAt: row.created_at,
});

export const toLottery = (row: LotteryRow): Lottery => ({
  id: row.id,
  name: row.name,
  description: row.description,
  startsOn: row.starts_on as LocalDate,
  endsOn: row.ends_on as LocalDate | null,
  timeZone: row.time_zone,
  createdAt: row.created_at,
  cancelledAt: row.cancelled_at,
});

export const toDrawResult = (row: DrawResultRow): DrawResult => ({
  ballotCount: row.ballot_count,
  winningBallotId: row.winning_ballot_id,
  winningIndex: row.winning_index,
  drawnAt: row.drawn_at,
});

export const toDraw = (row: DrawRow, result?: DrawResultRow | null): Draw => ({
  id: row.id,
  lotteryId: row.lottery_id,
  date: row.draw_date as LocalDate,
  opensAt: row.opens_at,
  closesAt: row.closes_at,
  status: row.status,
  closedAt: row.closed_at,
  result: result ? toDrawResult(result) : null,
});

export const toBallot = (row: BallotRow & { draw_date: string }): Ballot => ({
  id: row.id,
  lotteryId: row.lottery_id,
  drawId: row.draw_id,
  drawDate: row.draw_date as LocalDate,
  participantId: row.participant_id,
  submittedAt: row.submitted_at,
});

/** How far an open draw's seal has got: its first `ballots` ballots, as Merkle subtrees. */
export interface SealProgress {
  drawId: number;
  ballots: number;
  lastBallotId: number;
  subtrees: Subtree[];
  checkpoints: number[];
  /** The root of each page the checkpoints start (empty for a record made before ADR 0013). */
  pageRoots: Buffer[];
}

export const toSealProgress = (row: DrawSealProgressRow): SealProgress => ({
  drawId: row.draw_id,
  ballots: row.ballots,
  lastBallotId: row.last_ballot_id,
  subtrees: row.subtrees.split(',').map((text) => {
    const [height, root] = text.split(':') as [string, string];
    return { height: Number(height), root: Buffer.from(root, 'hex') };
  }),
  checkpoints: row.checkpoints.split(',').map(Number),
  pageRoots:
    row.page_roots === '' ? [] : row.page_roots.split(',').map((hex) => Buffer.from(hex, 'hex')),
});

export const fromSealProgress = (
  progress: SealProgress,
  at: number,
): Insertable<DrawSealProgressTable> => ({
  draw_id: progress.drawId,
  ballots: progress.ballots,
  last_ballot_id: progress.lastBallotId,
  subtrees: progress.subtrees.map((s) => `${s.height}:${s.root.toString('hex')}`).join(','),
  checkpoints: progress.checkpoints.join(','),
  page_roots: progress.pageRoots.map((root) => root.toString('hex')).join(','),
  updated_at: at,
});

/** A whole sealing page: its first ballot and its Merkle root (a perfect subtree). */
export interface SealedPage {
  first: number;
  root: Buffer;
}

export const toSealedPages = (text: string): SealedPage[] =>
  text === ''
    ? []
    : text.split(',').map((entry) => {
        const [first, root] = entry.split(':') as [string, string];
        return { first: Number(first), root: Buffer.from(root, 'hex') };
      });

export const fromSealedPages = (pages: readonly SealedPage[]): string =>
  pages.map((page) => `${page.first}:${page.root.toString('hex')}`).join(',');
