import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { SubmittedBallots } from '../api/types';

/**
 * The signed receipts of a participant's submissions, kept in this browser (IndexedDB): the
 * player's own copy, which proves the ballots were accepted whatever the service says later.
 * They live on this device only; a player downloads them to keep them elsewhere, and adds the
 * files back (or those from another device) with `addReceiptFiles`.
 */
export interface KeptReceipt {
  /** `${participantId}/${lotteryId}/${drawDate}/${first ballot}`: one receipt per submission. */
  key: string;
  participantId: number;
  lotteryId: number;
  lotteryName: string;
  drawDate: string;
  /** The ballot numbers, ascending, exactly as the receipt lists them. */
  ballotIds: number[];
  submittedAt: string;
  /** The receipt and its signature, as the service answered (what a verifier reads). */
  receipt: SubmittedBallots['receipt'];
  signature: SubmittedBallots['signature'];
  savedAt: string;
}

interface ReceiptDb extends DBSchema {
  receipts: {
    key: string;
    value: KeptReceipt;
    indexes: { byDraw: [number, number, string] };
  };
}

let opened: Promise<IDBPDatabase<ReceiptDb>> | undefined;
const db = () =>
  (opened ??= openDB<ReceiptDb>('lucky-day-receipts', 1, {
    upgrade(database) {
      const store = database.createObjectStore('receipts', { keyPath: 'key' });
      store.createIndex('byDraw', ['participantId', 'lotteryId', 'drawDate']);
    },
  }));

const keyOf = (
  participantId: number,
  r: { lotteryId: number; drawDate: string; ballotIds: number[] },
) => `${participantId}/${r.lotteryId}/${r.drawDate}/${r.ballotIds[0]}`;

/** Keeps the receipt of an accepted submission. */
export const keepReceipt = async (
  participantId: number,
  lotteryName: string,
  signed: Pick<SubmittedBallots, 'receipt' | 'signature'>,
): Promise<KeptReceipt> => {
  const { receipt, signature } = signed;
  const kept: KeptReceipt = {
    key: keyOf(participantId, receipt),
    participantId,
    lotteryId: receipt.lotteryId,
    lotteryName,
    drawDate: receipt.drawDate,
    ballotIds: receipt.ballotIds,
    submittedAt: receipt.submittedAt,
    receipt,
    signature,
    savedAt: new Date().toISOString(),
  };
  await (await db()).put('receipts', kept);
  return kept;
};

/** The participant's receipts for one draw, in submission order. */
export const receiptsOfDraw = async (
  participantId: number,
  lotteryId: number,
  drawDate: string,
): Promise<KeptReceipt[]> =>
  sortBySubmission(
    await (await db()).getAllFromIndex('receipts', 'byDraw', [participantId, lotteryId, drawDate]),
  );

/** Every receipt the participant keeps in this browser, in submission order. */
export const allReceipts = async (participantId: number): Promise<KeptReceipt[]> =>
  sortBySubmission(
    await (
      await db()
    ).getAllFromIndex(
      'receipts',
      'byDraw',
      IDBKeyRange.bound([participantId, 0, ''], [participantId, Infinity, '\uffff']),
    ),
  );

const sortBySubmission = (receipts: KeptReceipt[]) =>
  receipts.sort(
    (a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.ballotIds[0]! - b.ballotIds[0]!,
  );

/** A receipt file's text: what `lottery verify --ballot N --receipt FILE` reads. */
export const receiptFile = (kept: Pick<KeptReceipt, 'receipt' | 'signature'>[]): string =>
  kept.length === 1
    ? JSON.stringify({ receipt: kept[0]!.receipt, signature: kept[0]!.signature }, null, 2)
    : JSON.stringify(
        kept.map((k) => ({ receipt: k.receipt, signature: k.signature })),
        null,
        2,
      );

/** The file name for one receipt: lottery, draw date and first ballot. */
export const receiptFileName = (k: Pick<KeptReceipt, 'lotteryId' | 'drawDate' | 'ballotIds'>) =>
  `receipt-lottery-${k.lotteryId}-${k.drawDate}-ballot-${k.ballotIds[0]}.json`;

const isReceipt = (value: unknown): value is Pick<KeptReceipt, 'receipt' | 'signature'> => {
  const v = value as { receipt?: Record<string, unknown>; signature?: Record<string, unknown> };
  const r = v?.receipt;
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.lotteryId === 'number' &&
    typeof r.drawDate === 'string' &&
    typeof r.submittedAt === 'string' &&
    Array.isArray(r.ballotIds) &&
    r.ballotIds.length > 0 &&
    r.ballotIds.every((id) => Number.isSafeInteger(id)) &&
    typeof v.signature === 'object' &&
    v.signature !== null &&
    typeof v.signature.ed25519 === 'string'
  );
};

/**
 * Reads receipt files (one receipt, a list of them, or a whole submission answer) and keeps
 * every receipt in them. Returns how many were kept, and the files that held none.
 */
export const addReceiptFiles = async (
  participantId: number,
  files: File[],
  lotteryName: (lotteryId: number) => string,
): Promise<{ added: number; refused: string[] }> => {
  let added = 0;
  const refused: string[] = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await file.text());
    } catch {
      refused.push(file.name);
      continue;
    }
    const found = (Array.isArray(parsed) ? parsed : [parsed]).filter(isReceipt);
    if (found.length === 0) refused.push(file.name);
    for (const signed of found) {
      await keepReceipt(participantId, lotteryName(signed.receipt.lotteryId), signed);
      added += 1;
    }
  }
  return { added, refused };
};
