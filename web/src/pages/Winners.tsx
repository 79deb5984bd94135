import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { queries } from '../api/queries';
import type { Draw } from '../api/types';
import { ErrorNotice, Notice, Skeleton, StatusBadge } from '../components/ui';
import { formatDateTime, formatDay, formatNumber, isIsoDay, shiftDay } from '../format';
import { useTitle } from '../hooks';

export const WinnersPage = () => {
  const params = useParams();
  const navigate = useNavigate();
  const pickerId = useId();
  const requested = params.date;
  const invalid = requested !== undefined && !isIsoDay(requested);

  // Without a date, show the latest day that has been drawn.
  const latest = useQuery({ ...queries.latestDrawDate(), enabled: requested === undefined });
  const date = requested ?? latest.data ?? null;
  useTitle(date && !invalid ? `Winners of ${formatDay(date, 'short')}` : 'Winning ballots');

  const draws = useQuery({
    ...queries.drawsOn(date ?? ''),
    enabled: Boolean(date) && !invalid,
    // The previous day's cards stay while the next day's load (no flash of empty content).
    placeholderData: keepPreviousData,
  });

  const go = (day: string) => {
    if (isIsoDay(day)) navigate(`/winners/${day}`);
  };

  const nothingYet = requested === undefined && latest.data === null;
  return (
    <>
      <div className="page-head">
        <h1>Winning ballots</h1>
        <p className="muted">
          Pick a day to see each lottery’s winning ballot. Every result can be checked
          independently.
        </p>
      </div>
      <div className="date-picker">
        <button
          type="button"
          className="button button-ghost"
          onClick={() => date && go(shiftDay(date, -1))}
          disabled={!date || invalid}
        >
          <span aria-hidden="true">← </span>Previous day
        </button>
        <div className="field">
          <label htmlFor={pickerId}>Draw date</label>
          <input
            id={pickerId}
            className="input"
            type="date"
            value={date && !invalid ? date : ''}
            onChange={(e) => go(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="button button-ghost"
          onClick={() => date && go(shiftDay(date, 1))}
          disabled={!date || invalid}
        >
          Next day<span aria-hidden="true"> →</span>
        </button>
      </div>

      <section aria-labelledby="winners-day" className="section">
        <h2 id="winners-day">{date && !invalid ? formatDay(date) : ' '}</h2>
        {invalid ? (
          <Notice kind="warning">
            <p>“{requested}” is not a date. Use the picker above.</p>
          </Notice>
        ) : latest.error ? (
          <ErrorNotice error={latest.error} onRetry={() => void latest.refetch()} />
        ) : nothingYet ? (
          <p className="empty">No draw has been made yet. Come back after the first midnight.</p>
        ) : draws.error ? (
          <ErrorNotice error={draws.error} onRetry={() => void draws.refetch()} />
        ) : draws.data === undefined || (draws.isFetching && draws.data.length === 0) ? (
          <div className="card-grid">
            <Skeleton count={2} height={150} />
          </div>
        ) : draws.data.length === 0 ? (
          <p className="empty">No lottery had a draw on this day.</p>
        ) : (
          <div className="card-grid" aria-busy={draws.isFetching}>
            {draws.data.map((draw) => (
              <WinnerCard key={draw.lotteryId} draw={draw} />
            ))}
          </div>
        )}
      </section>
    </>
  );
};

const WinnerCard = ({ draw }: { draw: Draw }) => {
  const headingId = useId();
  const drawn = draw.status === 'drawn';
  return (
    <article className="card winner-card" aria-labelledby={headingId}>
      <div className="card-head">
        <h3 id={headingId} className="card-title">
          {draw.lotteryName ?? `Lottery #${draw.lotteryId}`}
        </h3>
        <StatusBadge status={draw.status} />
      </div>
      {drawn && draw.winningBallot ? (
        <div className="winner">
          <span className="winner-label">Winning ballot</span>
          <span className="winner-number">#{draw.winningBallot.id}</span>
          <span className="winner-name">
            won by <strong>{draw.winningBallot.username}</strong>
          </span>
        </div>
      ) : drawn ? (
        <div className="winner winner-none">
          <span className="winner-label">Winning ballot</span>
          <span className="winner-number">No ballots</span>
          <span className="winner-name">Nobody played this day.</span>
        </div>
      ) : (
        <div className="winner winner-none">
          <span className="winner-label">Not drawn yet</span>
          <span className="winner-number">—</span>
          <span className="winner-name">
            {draw.status === 'open'
              ? `Closes ${formatDateTime(draw.closesAt)}`
              : 'The draw is being made.'}
          </span>
        </div>
      )}
      <p className="winner-foot">
        <span className="muted">
          {draw.ballotCount === null ? '' : `${formatNumber(draw.ballotCount)} ballots`}
        </span>
        <Link to={`/lotteries/${draw.lotteryId}/draws/${draw.date}`}>
          Details &amp; proof<span className="visually-hidden"> for {draw.lotteryName}</span>
          <span aria-hidden="true"> →</span>
        </Link>
      </p>
    </article>
  );
};
