import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api, isApiError, type MyBallot } from '../api';
import { useAuth } from '../auth';
import { ErrorNotice, Notice, Skeleton, Spinner, StatusBadge, Trophy } from '../components/ui';
import { formatDay, formatTime, isIsoDay, plural } from '../format';
import { useResource, useTitle } from '../hooks';

const PAGE = 100;

interface Group {
  key: string;
  date: string;
  lotteryId: number;
  lotteryName: string;
  drawStatus: string;
  ballots: MyBallot[];
}

/** Consecutive ballots of the same draw, in the order the API gave them (newest first). */
const groupBallots = (ballots: MyBallot[]): Group[] => {
  const groups: Group[] = [];
  for (const ballot of ballots) {
    const key = `${ballot.drawDate}|${ballot.lotteryId}`;
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.ballots.push(ballot);
    else
      groups.push({
        key,
        date: ballot.drawDate,
        lotteryId: ballot.lotteryId,
        lotteryName: ballot.lotteryName,
        drawStatus: ballot.drawStatus,
        ballots: [ballot],
      });
  }
  return groups;
};

export const MyBallotsPage = () => {
  useTitle('My ballots');
  const { me, sessionEnded } = useAuth();
  const location = useLocation();
  const [params, setParams] = useSearchParams();
  const lotteryId = params.get('lottery') ?? '';
  const rawDate = params.get('date') ?? '';
  const date = isIsoDay(rawDate) ? rawDate : '';
  const filterId = useId();

  const lotteries = useResource(me ? 'lotteries' : null, (signal) =>
    api.lotteries(undefined, signal),
  );

  const [ballots, setBallots] = useState<MyBallot[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(
    async (before: string | null, signal?: AbortSignal) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.myBallots(
          { lotteryId: lotteryId || null, date: date || null, limit: PAGE, before },
          signal,
        );
        setBallots((current) => (before && current ? [...current, ...page.items] : page.items));
        setNext(page.next);
      } catch (e) {
        if (signal?.aborted) return;
        if (isApiError(e, 401)) sessionEnded();
        setError(e);
      } finally {
        if (!signal?.aborted) setLoading(false);
      }
    },
    [lotteryId, date, sessionEnded],
  );

  useEffect(() => {
    if (!me) return;
    const controller = new AbortController();
    void load(null, controller.signal);
    return () => controller.abort();
  }, [me, load]);

  if (me === undefined) return <Skeleton count={3} height={96} />;
  if (me === null) {
    return (
      <>
        <h1>My ballots</h1>
        <Notice>
          <p>
            <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>
              Log in
            </Link>{' '}
            to see your ballots.
          </p>
        </Notice>
      </>
    );
  }

  const setFilter = (name: string, value: string) => {
    const nextParams = new URLSearchParams(params);
    if (value) nextParams.set(name, value);
    else nextParams.delete(name);
    setParams(nextParams);
  };

  const groups = ballots ? groupBallots(ballots) : [];
  const filtered = Boolean(lotteryId || date);
  return (
    <>
      <div className="page-head">
        <h1>My ballots</h1>
        <p className="muted">
          Every ballot you submitted, newest first. Winning ballots are marked.
        </p>
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Filter ballots"
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor={`${filterId}-lottery`}>Lottery</label>
          <select
            id={`${filterId}-lottery`}
            className="input"
            value={lotteryId}
            onChange={(e) => setFilter('lottery', e.target.value)}
          >
            <option value="">All lotteries</option>
            {(lotteries.data ?? []).map((l) => (
              <option key={l.id} value={String(l.id)}>
                {l.name}
              </option>
            ))}
            {lotteryId && !lotteries.data?.some((l) => String(l.id) === lotteryId) ? (
              <option value={lotteryId}>Lottery #{lotteryId}</option>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${filterId}-date`}>Draw date</label>
          <input
            id={`${filterId}-date`}
            className="input"
            type="date"
            value={date}
            onChange={(e) => setFilter('date', e.target.value)}
          />
        </div>
        <div className="filters-actions">
          <button
            type="button"
            className="button button-ghost"
            onClick={() => setParams(new URLSearchParams())}
            disabled={!filtered}
          >
            Clear filters
          </button>
        </div>
      </form>

      <div className="results" aria-busy={loading}>
        {ballots === null && error ? (
          <ErrorNotice error={error} onRetry={() => void load(null)} />
        ) : ballots === null ? (
          <Skeleton count={3} height={96} />
        ) : groups.length === 0 ? (
          <div className="empty-state">
            <p>{filtered ? 'No ballots match these filters.' : 'You have no ballots yet.'}</p>
            {!filtered ? (
              <Link className="button" to="/">
                Play today’s lotteries
              </Link>
            ) : null}
          </div>
        ) : (
          <ol className="ballot-groups">
            {groups.map((group, index) => {
              const showDate = index === 0 || groups[index - 1]?.date !== group.date;
              const wins = group.ballots.filter((b) => b.won);
              return (
                <li key={`${group.key}-${index}`} className="ballot-group-item">
                  {showDate ? <h2 className="date-heading">{formatDay(group.date)}</h2> : null}
                  <section
                    className={`card ballot-group${wins.length ? ' ballot-group-won' : ''}`}
                    aria-label={`${group.lotteryName}, ${formatDay(group.date)}`}
                  >
                    <div className="card-head">
                      <h3 className="card-title">
                        <Link to={`/lotteries/${group.lotteryId}/draws/${group.date}`}>
                          {group.lotteryName}
                        </Link>
                      </h3>
                      <StatusBadge status={group.drawStatus} />
                    </div>
                    {wins.length ? (
                      <p className="win-banner">
                        <Trophy />
                        You won with ballot {wins.map((b) => `#${b.id}`).join(', ')}!
                      </p>
                    ) : null}
                    <p className="muted small">
                      {plural(group.ballots.length, 'ballot')}
                      {next && index === groups.length - 1 ? ' so far (load more below)' : ''}
                      {group.drawStatus === 'drawn' && !wins.length
                        ? ' · not a winner this time'
                        : ''}
                    </p>
                    <ul className="chips" aria-label="Ballot numbers">
                      {[...group.ballots]
                        .sort((a, b) => a.id - b.id)
                        .map((b) => (
                          <li
                            key={b.id}
                            className={`chip${b.won ? ' chip-won' : ''}`}
                            title={`Submitted ${formatTime(b.submittedAt)}`}
                          >
                            #{b.id}
                            {b.won ? <span className="chip-tag">Winner</span> : null}
                          </li>
                        ))}
                    </ul>
                  </section>
                </li>
              );
            })}
          </ol>
        )}
        {ballots !== null && error ? (
          <ErrorNotice error={error} onRetry={() => void load(next)} />
        ) : null}
        {ballots !== null && next ? (
          <div className="load-more">
            <button
              type="button"
              className="button button-ghost"
              onClick={() => void load(next)}
              disabled={loading}
            >
              {loading ? <Spinner label="Loading more ballots" /> : 'Load more'}
            </button>
          </div>
        ) : null}
      </div>
    </>
  );
};
