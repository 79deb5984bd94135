import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type Draw } from '../api';
import { formatDateTime, formatDay, formatNumber } from '../format';
import { ErrorNotice, Skeleton, Spinner, StatusBadge } from './ui';

const PAGE = 20;

/** One lottery's draws, newest first, with their ballot counts and results. */
export const DrawList = ({ lotteryId, timeZone }: { lotteryId: number; timeZone: string }) => {
  const [draws, setDraws] = useState<Draw[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  const load = useCallback(
    async (before: string | null, signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.lotteryDraws(lotteryId, { limit: PAGE, before }, signal);
        setDraws((current) => (before && current ? [...current, ...page.items] : page.items));
        setNext(page.next);
      } catch (e) {
        if (!signal?.aborted) setError(e);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [lotteryId],
  );

  useEffect(() => {
    const controller = new AbortController();
    setDraws(null);
    void load(null, controller.signal);
    return () => controller.abort();
  }, [load]);

  if (draws === null && error) return <ErrorNotice error={error} onRetry={() => void load(null)} />;
  if (draws === null) return <Skeleton count={3} height={44} />;
  if (draws.length === 0) return <p className="empty">No draws yet.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Draw</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Ballots
              </th>
              <th scope="col">Winning ballot</th>
            </tr>
          </thead>
          <tbody>
            {draws.map((draw) => (
              <tr key={draw.date}>
                <td>
                  <Link to={`/lotteries/${lotteryId}/draws/${draw.date}`}>
                    {formatDay(draw.date, 'short')}
                  </Link>
                  <span className="cell-sub">
                    {draw.status === 'open' || draw.status === 'upcoming' ? 'closes ' : 'closed '}
                    {formatDateTime(draw.closesAt, timeZone)}
                  </span>
                </td>
                <td>
                  <StatusBadge status={draw.status} />
                </td>
                <td className="num">
                  {draw.ballotCount === null ? '—' : formatNumber(draw.ballotCount)}
                </td>
                <td>
                  {draw.winningBallot ? (
                    <>
                      <span className="ballot-number">#{draw.winningBallot.id}</span>{' '}
                      <span className="muted">by {draw.winningBallot.username}</span>
                    </>
                  ) : draw.status === 'drawn' ? (
                    <span className="muted">No ballots</span>
                  ) : (
                    <span className="muted">Not drawn yet</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {error ? <ErrorNotice error={error} onRetry={() => void load(next)} /> : null}
      {next ? (
        <div className="load-more">
          <button
            type="button"
            className="button button-ghost"
            onClick={() => void load(next)}
            disabled={loading}
          >
            {loading ? <Spinner label="Loading more draws" /> : 'Load older draws'}
          </button>
        </div>
      ) : null}
    </>
  );
};
