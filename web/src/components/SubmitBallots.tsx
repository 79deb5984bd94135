import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { api, newIdempotencyKey } from '../api/client';
import { isApiError } from '../api/errors';
import { invalidate, recordSubmission } from '../api/queries';
import type { Lottery, SubmittedBallots } from '../api/types';
import { ballotRanges, formatDay, plural } from '../format';
import { MAX_QUANTITY, QuantityStepper } from './QuantityStepper';
import { downloadText } from '../receipts/download';
import { keepReceipt, receiptFile, receiptFileName } from '../receipts/store';
import { receiptKeys } from '../receipts/useReceipts';
import { useAuth } from '../auth';
import { RetryHint } from './ui';

/** Submits with one key per click: a retry after a lost answer never submits twice. */
const submitOnce = async (lotteryId: number, quantity: number): Promise<SubmittedBallots> => {
  const key = newIdempotencyKey();
  try {
    return await api.submitBallots(lotteryId, quantity, key);
  } catch (e) {
    if (!isApiError(e, 0)) throw e;
    // The server may have taken them before the connection dropped: the same key tells it so.
    await new Promise((resolve) => window.setTimeout(resolve, 1000));
    return api.submitBallots(lotteryId, quantity, key);
  }
};

/** The quantity form and the answer to the last submission. */
export const SubmitBallots = ({ lottery }: { lottery: Lottery }) => {
  const client = useQueryClient();
  const [quantity, setQuantity] = useState('1');
  const id = useId();
  const { me } = useAuth();
  const submit = useMutation({
    mutationFn: async (n: number) => {
      const submitted = await submitOnce(lottery.id, n);
      // The player's own copy of the signed receipt; the submission stands even if it cannot
      // be kept (storage full or refused), and then says so.
      const kept = await keepReceipt(me!.id, lottery.name, submitted).then(
        () => true,
        () => false,
      );
      return { submitted, kept };
    },
    onSuccess: ({ submitted }) => {
      recordSubmission(client, submitted);
      void invalidate.ballots(client);
      void client.invalidateQueries({ queryKey: receiptKeys.all });
    },
  });
  const parsed = Number(quantity);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= MAX_QUANTITY;
  const error = submit.error;
  const quantityError = isApiError(error)
    ? error.errors.find((e) => e.field.endsWith('quantity'))?.message
    : undefined;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (valid && !submit.isPending) submit.mutate(parsed);
  };

  return (
    <div className="submit">
      <form className="submit-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-qty`} className="submit-label">
          Ballots
        </label>
        <QuantityStepper
          id={`${id}-qty`}
          value={quantity}
          onChange={setQuantity}
          disabled={submit.isPending}
          invalid={!valid || quantityError !== undefined}
          describedBy={`${id}-qty-hint`}
        />
        <button
          type="submit"
          className="button submit-button"
          disabled={submit.isPending || !valid}
        >
          {submit.isPending
            ? 'Submitting…'
            : `Submit ${valid ? plural(parsed, 'ballot') : 'ballots'}`}
        </button>
        <p id={`${id}-qty-hint`} className={`field-hint${valid ? '' : ' field-error'}`}>
          {valid ? '1 to 1,000 at a time.' : 'A whole number, 1 to 1,000.'}
        </p>
      </form>
      <div className="submit-result" aria-live="polite">
        {submit.data ? (
          <Submitted submitted={submit.data.submitted} kept={submit.data.kept} lottery={lottery} />
        ) : null}
        {error ? (
          <div className="notice notice-error" role="alert">
            <p>{quantityError ? `Quantity ${quantityError}.` : error.message}</p>
            {isApiError(error, 401) ? (
              <p>
                <Link to="/login">Log in again</Link> to play.
              </p>
            ) : null}
            {isApiError(error) && error.retryAfter !== null ? (
              <RetryHint seconds={error.retryAfter} />
            ) : null}
          </div>
        ) : null}
        {!submit.data && !error ? (
          <p className="submit-placeholder">
            {submit.isPending ? 'Submitting…' : 'Your new ballot numbers will appear here.'}
          </p>
        ) : null}
      </div>
    </div>
  );
};

const Submitted = ({
  submitted,
  kept,
  lottery,
}: {
  submitted: SubmittedBallots;
  kept: boolean;
  lottery: Lottery;
}) => {
  const ranges = ballotRanges(submitted.ballotIds);
  const shown = ranges.slice(0, 8);
  return (
    <p className="submitted">
      <span className="submitted-title">
        <span aria-hidden="true">✓ </span>
        {plural(submitted.quantity, 'ballot')} in{' '}
        {submitted.drawDate === lottery.today?.date
          ? 'today’s draw'
          : `the draw of ${formatDay(submitted.drawDate, 'short')}`}
      </span>
      <span className="chips">
        {shown.map((r) => (
          <span key={r} className="chip">
            {r}
          </span>
        ))}
        {ranges.length > shown.length ? (
          <span className="chip chip-more">+{ranges.length - shown.length} more</span>
        ) : null}
      </span>
      <span className="submitted-receipt">
        {kept ? 'Signed receipt kept in this browser. ' : 'The receipt could not be kept here. '}
        <button
          type="button"
          className="link-button"
          onClick={() => downloadText(receiptFileName(submitted.receipt), receiptFile([submitted]))}
        >
          Download it
        </button>
      </span>
    </p>
  );
};
