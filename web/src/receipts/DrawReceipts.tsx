import type { MyDraw } from '../api/types';
import { ballotRanges, formatTime, plural } from '../format';
import { downloadText } from './download';
import { receiptFile, receiptFileName, type KeptReceipt } from './store';
import { useDrawReceipts } from './useReceipts';

const summary = (k: KeptReceipt) => {
  const ranges = ballotRanges(k.ballotIds);
  return ranges.length <= 3 ? ranges.join(', ') : `${ranges.slice(0, 3).join(', ')} …`;
};

/** The receipts of a draw kept in this browser, each one downloadable. */
export const DrawReceipts = ({ draw, participantId }: { draw: MyDraw; participantId: number }) => {
  const receipts = useDrawReceipts(participantId, draw.lotteryId, draw.date).data ?? [];
  if (receipts.length === 0) {
    return (
      <p className="muted small receipts-none">No receipt of this draw kept in this browser.</p>
    );
  }
  return (
    <details className="receipts">
      <summary>{plural(receipts.length, 'receipt')} kept in this browser</summary>
      <ul className="receipt-list">
        {receipts.map((k) => (
          <li key={k.key} className="receipt">
            <span>
              {plural(k.ballotIds.length, 'ballot')} ({summary(k)}), signed at{' '}
              {formatTime(k.submittedAt)}
            </span>
            <button
              type="button"
              className="button button-small button-ghost"
              onClick={() => downloadText(receiptFileName(k), receiptFile([k]))}
            >
              Download<span className="visually-hidden"> the receipt of {summary(k)}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
};
