import type { Static } from 'typebox';
import type { DrawDetail as DrawDetailView, DrawSummary } from '../app/draw-views.js';
import type { LotteryView } from '../app/lotteries.js';
import type { MyBallotCount, OwnBallot } from '../app/my-ballots.js';
import type { SubmittedBallots as Submitted } from '../app/ballots.js';
import type { SignedReceipt } from '../app/receipts.js';
import type { ApiToken } from '../app/tokens.js';
import { toIso, type Participant as ParticipantValue } from '../domain/index.js';
import type * as S from './schemas.js';

/** Domain values as the API shows them: instants become ISO 8601 text, nothing secret leaves. */

const iso = (instant: number | null): string | null => (instant === null ? null : toIso(instant));

export const participantJson = (p: ParticipantValue): Static<typeof S.Participant> => ({
  id: p.id,
  username: p.username,
  role: p.role,
  createdAt: toIso(p.createdAt),
});

export const tokenJson = (t: ApiToken): Static<typeof S.Token> => ({
  id: t.id,
  name: t.name,
  createdAt: toIso(t.createdAt),
  lastUsedAt: iso(t.lastUsedAt),
});

export const lotteryJson = (l: LotteryView, mine?: MyBallotCount): Static<typeof S.Lottery> => ({
  id: l.id,
  name: l.name,
  description: l.description,
  startsOn: l.startsOn,
  endsOn: l.endsOn,
  timeZone: l.timeZone,
  status: l.status,
  createdAt: toIso(l.createdAt),
  cancelledAt: iso(l.cancelledAt),
  today: l.today && {
    drawId: l.today.drawId,
    date: l.today.date,
    opensAt: toIso(l.today.opensAt),
    closesAt: toIso(l.today.closesAt),
    ballotCount: l.today.ballotCount,
  },
  ...(mine ? { myBallots: mine } : {}),
});

/**
 * The submitted ballots, with the signed receipt that lists them: what they share once, and their
 * numbers as the receipt lists them (strictly ascending).
 */
export const submittedJson = (
  s: Submitted,
  signed: SignedReceipt,
): Static<typeof S.SubmittedBallots> => {
  const { ballotIds } = signed.receipt;
  return {
    lotteryId: s.lotteryId,
    drawId: s.drawId,
    drawDate: s.drawDate,
    submittedAt: signed.receipt.submittedAt,
    quantity: ballotIds.length,
    ballotIds,
    receipt: { ...signed.receipt, lotteryId: s.lotteryId },
    signature: signed.signature,
  };
};

/**
 * The answer to a submission as versions before the compact one stored it under an
 * Idempotency-Key (kept 24 hours): a `ballots` object per ballot, each repeating the draw.
 */
interface LegacySubmittedBallots {
  ballots: {
    id: number;
    lotteryId: number;
    drawId: number;
    drawDate: string;
    submittedAt: string;
  }[];
  receipt: Static<typeof S.Receipt>;
  signature: Static<typeof S.ReceiptSignature>;
}

/**
 * A stored answer to a submission, in today's shape: one stored by an earlier version is
 * rewritten from its receipt (which lists the same ballots, ascending) and its first ballot's
 * draw, so that a retry with its key still gets the same submission back.
 */
export const storedSubmittedJson = (
  stored: Static<typeof S.SubmittedBallots> | LegacySubmittedBallots,
): Static<typeof S.SubmittedBallots> => {
  if (!('ballots' in stored)) return stored;
  const { receipt, signature } = stored;
  const [first] = stored.ballots;
  if (!first) throw new Error('a stored submission lists no ballots');
  return {
    lotteryId: receipt.lotteryId,
    drawId: first.drawId,
    drawDate: receipt.drawDate,
    submittedAt: receipt.submittedAt,
    quantity: receipt.ballotIds.length,
    ballotIds: receipt.ballotIds,
    receipt,
    signature,
  };
};

export const ownBallotJson = (b: OwnBallot): Static<typeof S.MyBallots>['ballots'][number] => ({
  id: b.id,
  lotteryId: b.lotteryId,
  lotteryName: b.lotteryName,
  drawId: b.drawId,
  drawDate: b.drawDate,
  drawStatus: b.drawStatus,
  submittedAt: toIso(b.submittedAt),
  won: b.won,
});

export const drawJson = (d: DrawSummary): Static<typeof S.Draw> => ({
  id: d.id,
  lotteryId: d.lotteryId,
  lotteryName: d.lotteryName,
  date: d.date,
  status: d.status,
  opensAt: toIso(d.opensAt),
  closesAt: toIso(d.closesAt),
  closedAt: iso(d.closedAt),
  drawnAt: iso(d.drawnAt),
  ballotCount: d.ballotCount,
  winningBallot: d.winningBallot,
});

export const drawDetailJson = (d: DrawDetailView): Static<typeof S.DrawDetail> => ({
  ...drawJson(d),
  timeZone: d.timeZone,
  fairness: d.fairness,
});
