import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import { invalidate, keys } from '../../api/queries';
import type { Lottery } from '../../api/types';
import { ErrorNotice } from '../../components/ui';

/** Cancelling, behind a confirmation. */
export const CancelLottery = ({ lottery }: { lottery: Lottery }) => {
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => api.cancelLottery(lottery.id),
    onSuccess: (updated) => {
      client.setQueryData(keys.lottery(lottery.id), updated);
      setConfirming(false);
      void invalidate.lotteries(client);
    },
  });
  if (lottery.status !== 'open' && lottery.status !== 'upcoming') {
    return (
      <p className="muted">
        This lottery has {lottery.status === 'cancelled' ? 'been cancelled' : 'finished'}.
      </p>
    );
  }
  return (
    <>
      <p className="muted">
        No ballots are accepted after cancelling. Today’s draw still closes at midnight with the
        ballots it already has. This cannot be undone.
      </p>
      {cancel.error ? <ErrorNotice error={cancel.error} /> : null}
      {confirming ? (
        <div className="confirm" role="group" aria-label="Confirm cancelling">
          <p>
            <strong>Cancel {lottery.name}?</strong>
          </p>
          <div className="form-actions">
            <button
              type="button"
              className="button button-danger"
              disabled={cancel.isPending}
              onClick={() => cancel.mutate()}
            >
              {cancel.isPending ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button
              type="button"
              className="button button-ghost"
              onClick={() => setConfirming(false)}
            >
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          className="button button-danger-ghost"
          onClick={() => setConfirming(true)}
        >
          Cancel lottery…
        </button>
      )}
    </>
  );
};
