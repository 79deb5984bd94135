import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import { queries, type MyBallotFilters } from '../../api/queries';
import { useAuth } from '../../auth';
import { LoadMore } from '../../components/LoadMore';
import { ErrorNotice, Notice, Skeleton } from '../../components/ui';
import { formatDay, isIsoDay } from '../../format';
import { useTitle } from '../../hooks';
import { BallotFilters } from './BallotFilters';
import { BallotGroupCard } from './BallotGroupCard';
import { groupBallots } from './group-ballots';

/** The filters in the address (`?lottery=3&date=2026-03-10`), as the API takes them. */
const useFilters = () => {
  const [params, setParams] = useSearchParams();
  const lotteryId = /^\d+$/.test(params.get('lottery') ?? '') ? params.get('lottery')! : '';
  const date = isIsoDay(params.get('date')) ? params.get('date')! : '';
  const filters: MyBallotFilters = {
    ...(lotteryId ? { lotteryId: Number(lotteryId) } : {}),
    ...(date ? { date } : {}),
  };
  const set = (name: 'lottery' | 'date', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next);
  };
  return { lotteryId, date, filters, set, clear: () => setParams(new URLSearchParams()) };
};

export const MyBallotsPage = () => {
  useTitle('My ballots');
  const { me } = useAuth();
  const location = useLocation();
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
  return <MyBallots />;
};

const MyBallots = () => {
  const { lotteryId, date, filters, set, clear } = useFilters();
  return (
    <>
      <div className="page-head">
        <h1>My ballots</h1>
        <p className="muted">
          Every ballot you submitted, newest first. Winning ballots are marked.
        </p>
      </div>
      <BallotFilters lotteryId={lotteryId} date={date} onChange={set} onClear={clear} />
      <BallotList filters={filters} filtered={Boolean(lotteryId || date)} />
    </>
  );
};

const BallotList = ({ filters, filtered }: { filters: MyBallotFilters; filtered: boolean }) => {
  const list = useInfiniteQuery(queries.myBallots(filters));
  const ballots = list.data?.pages.flatMap((page) => page.ballots);
  const groups = ballots ? groupBallots(ballots) : [];
  return (
    <div className="results" aria-busy={list.isFetching}>
      {ballots === undefined && list.error ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : ballots === undefined ? (
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
          {groups.map((group, index) => (
            <li key={`${group.key}-${index}`} className="ballot-group-item">
              {index === 0 || groups[index - 1]?.date !== group.date ? (
                <h2 className="date-heading">{formatDay(group.date)}</h2>
              ) : null}
              <BallotGroupCard
                group={group}
                partial={list.hasNextPage && index === groups.length - 1}
              />
            </li>
          ))}
        </ol>
      )}
      <LoadMore list={list} label="Load more" loadingLabel="Loading more ballots" />
    </div>
  );
};
