import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { queries } from '../api/queries';
import { plural } from '../format';
import { downloadText } from './download';
import { addReceiptFiles, receiptFile } from './store';
import { receiptKeys, useAllReceipts } from './useReceipts';

/** All the participant's kept receipts: how many, download them all, add receipt files. */
export const ReceiptsBar = ({ participantId }: { participantId: number }) => {
  const client = useQueryClient();
  const receipts = useAllReceipts(participantId);
  const lotteries = useQuery(queries.lotteries());
  const inputId = useId();
  const [added, setAdded] = useState<string | null>(null);
  const kept = receipts.data ?? [];
  const nameOf = (id: number) => lotteries.data?.find((l) => l.id === id)?.name ?? `Lottery #${id}`;

  const add = async (files: File[]) => {
    const { added: n, refused } = await addReceiptFiles(participantId, files, nameOf);
    await client.invalidateQueries({ queryKey: receiptKeys.all });
    setAdded(
      `${plural(n, 'receipt')} added.` +
        (refused.length ? ` No receipt in ${refused.join(', ')}.` : ''),
    );
  };

  return (
    <section className="card receipts-bar" aria-labelledby={`${inputId}-heading`}>
      <h2 id={`${inputId}-heading`} className="card-title">
        Receipts
      </h2>
      <p className="muted small">
        Each submission comes with a receipt signed by the lottery, which proves your ballots were
        accepted. They are kept in this browser only: download them to keep them elsewhere.
      </p>
      <div className="receipts-actions">
        <span>
          <strong>{plural(kept.length, 'receipt')}</strong> kept in this browser
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={kept.length === 0}
          onClick={() => downloadText('receipts.json', receiptFile(kept))}
        >
          Download all
        </button>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept="application/json,.json"
          multiple
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void add(files);
          }}
        />
        <label htmlFor={inputId} className="button button-small button-ghost">
          Add receipt files…
        </label>
      </div>
      <p role="status" className="small">
        {added ?? ''}
      </p>
    </section>
  );
};
