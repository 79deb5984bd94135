import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../api/client';
import { keys, queries } from '../api/queries';
import type { Win } from '../api/types';
import { useAuth } from '../auth';
import { formatDay, formatNumber } from '../format';
import { ErrorNotice, Trophy } from './ui';

/** The participant's wins not dismissed yet (none while logged out). */
export const useWins = (): Win[] => {
  const { me } = useAuth();
  return useQuery({ ...queries.wins(), enabled: Boolean(me) }).data ?? [];
};

/** In the header: a link to the notice while there are wins to tell. */
export const WinBadge = () => {
  const wins = useWins();
  if (wins.length === 0) return null;
  return (
    <Link to="/#wins" className="win-badge">
      <Trophy />
      {wins.length === 1 ? 'You won!' : `You won ${wins.length} draws!`}
    </Link>
  );
};

/** On the home page: each win, until the participant dismisses the notice. */
export const WinNotice = () => {
  const wins = useWins();
  const client = useQueryClient();
  const dismiss = useMutation({
    // Up to the newest win shown: one drawn since still shows.
    mutationFn: () => api.dismissWins(wins[0]!.drawnAt),
    onSuccess: () => client.setQueryData(keys.wins, []),
  });
  if (wins.length === 0) return null;
  return (
    <section id="wins" className="card win-notice" aria-labelledby="wins-heading">
      <h2 id="wins-heading" className="win-notice-title">
        <Trophy />
        {wins.length === 1 ? 'You won!' : `You won ${wins.length} draws!`}
      </h2>
      <ul className="win-list">
        {wins.map((win) => (
          <li key={win.drawId}>
            <strong>{win.lotteryName}</strong>, {formatDay(win.date, 'short')}: your ballot{' '}
            <strong>#{win.ballotId}</strong> was picked from {formatNumber(win.ballotCount)}.{' '}
            <Link to={`/lotteries/${win.lotteryId}/draws/${win.date}`}>
              See the draw<span className="visually-hidden"> of {win.lotteryName}</span>
            </Link>
          </li>
        ))}
      </ul>
      {dismiss.error ? <ErrorNotice error={dismiss.error} /> : null}
      <button
        type="button"
        className="button button-small button-ghost"
        onClick={() => dismiss.mutate()}
        disabled={dismiss.isPending}
      >
        Dismiss
      </button>
    </section>
  );
};
