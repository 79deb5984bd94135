import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { queries } from '../api/queries';
import type { Draw, Lottery } from '../api/types';
import { formatDay, formatNumber, shiftDay } from '../format';
import { StatusBadge } from './ui';

/** While a result is still being drawn, look again this often. */
const DRAWING_POLL_MS = 10_000;

/**
 * Yesterday's result of each open lottery, for everyone. "Yesterday" is the lottery's own: the day
 * before its today, in its time zone, so lotteries in different zones may show different dates.
 */
export const YesterdaysResults = ({ lotteries }: { lotteries: Lottery[] }) => {
  const wanted = lotteries.flatMap((l) =>
    l.today ? [{ lottery: l, date: shiftDay(l.today.date, -1) }] : [],
  );
  const dates = [...new Set(wanted.map((w) => w.date))].sort();
  const days = useQueries({
    queries: dates.map((date) => ({
      ...queries.drawsOn(date),
      refetchInterval: (query: { state: { data?: Draw[] } }) =>
        query.state.data?.some((d) => d.status !== 'drawn') ? DRAWING_POLL_MS : false,
    })),
  });
  const drawOf = (lotteryId: number, date: string) =>
    days[dates.indexOf(date)]?.data?.find((d) => d.lotteryId === lotteryId);
  const results = wanted.flatMap(({ lottery, date }) => {
    const draw = drawOf(lottery.id, date);
    return draw ? [draw] : [];
  });
  if (results.length === 0) return null;
  return (
    <section aria-labelledby="yesterday-heading" className="section">
      <h2 id="yesterday-heading">Yesterday’s winners</h2>
      <ul className="lottery-list">
        {results.map((draw) => (
          <li key={draw.lotteryId} className="lottery-row result-row">
            <div className="lottery-row-main">
              <Link
                to={`/lotteries/${draw.lotteryId}/draws/${draw.date}`}
                className="lottery-row-name"
              >
                {draw.lotteryName}
              </Link>
              <span className="lottery-row-desc">{formatDay(draw.date, 'short')}</span>
            </div>
            <div className="lottery-row-meta">
              <ResultLine draw={draw} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
};

const ResultLine = ({ draw }: { draw: Draw }) => {
  if (draw.status !== 'drawn') return <StatusBadge status={draw.status} />;
  if (!draw.winningBallot) return <span className="muted">No ballots, no winner</span>;
  return (
    <>
      <span>
        Ballot <strong>#{draw.winningBallot.id}</strong> won by{' '}
        <strong>{draw.winningBallot.username}</strong>
      </span>
      <span className="muted">of {formatNumber(draw.ballotCount)} ballots</span>
    </>
  );
};
