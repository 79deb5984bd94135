import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { queries } from '../api/queries';
import { formatDateTime, formatDay, formatNumber } from '../format';
import { LoadMore } from './LoadMore';
import { ErrorNotice, Skeleton, StatusBadge } from './ui';

/** One lottery's draws, newest first, with their ballot counts and results. */
export const DrawList = ({ lotteryId, timeZone }: { lotteryId: number; timeZone: string }) => {
  const list = useInfiniteQuery(queries.lotteryDraws(lotteryId));
  const draws = list.data?.pages.flatMap((page) => page.draws);
  if (draws === undefined && list.error) {
    return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  }
  if (draws === undefined) return <Skeleton count={3} height={44} />;
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
      <LoadMore list={list} label="Load older draws" loadingLabel="Loading more draws" />
    </>
  );
};
