import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useLocation, useSearchParams } from 'react-router';
import { queries, type MyBallotFilters } from '../../api/queries';
import { useAuth } from '../../auth';
import { LoadMore } from '../../components/LoadMore';
import { ErrorNotice, Notice, Skeleton } from '../../components/ui';
import { formatDay, isIsoDay } from '../../format';
import { useTitle } from '../../hooks';
import { BallotFilters } from './BallotFilters';
import { ReceiptsBar } from '../../receipts/ReceiptsBar';
import { MyDrawCard } from './MyDrawCard';

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
  return <MyBallots participantId={me.id} />;
};

const MyBallots = ({ participantId }: { participantId: number }) => {
  const { lotteryId, date, filters, set, clear } = useFilters();
  return (
    <>
      <div className="page-head">
        <h1>My ballots</h1>
        <p className="muted">
          Your ballots draw by draw, the draw you played last first: how many you hold, their
          numbers, and your wins.
        </p>
      </div>
      <ReceiptsBar participantId={participantId} />
      <BallotFilters lotteryId={lotteryId} date={date} onChange={set} onClear={clear} />
      <DrawList
        filters={filters}
        filtered={Boolean(lotteryId || date)}
        participantId={participantId}
      />
    </>
  );
};

const DrawList = ({
  filters,
  filtered,
  participantId,
}: {
  filters: MyBallotFilters;
  filtered: boolean;
  participantId: number;
}) => {
  const list = useInfiniteQuery(queries.myDraws(filters));
  const draws = list.data?.pages.flatMap((page) => page.draws);
  return (
    <div className="results" aria-busy={list.isFetching}>
      {draws === undefined && list.error ? (
        <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />
      ) : draws === undefined ? (
        <Skeleton count={3} height={96} />
      ) : draws.length === 0 ? (
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
          {draws.map((draw, index) => (
            <li key={draw.drawId} className="ballot-group-item">
              {index === 0 || draws[index - 1]?.date !== draw.date ? (
                <h2 className="date-heading">{formatDay(draw.date)}</h2>
              ) : null}
              <MyDrawCard draw={draw} participantId={participantId} />
            </li>
          ))}
        </ol>
      )}
      <LoadMore list={list} label="Load older draws" loadingLabel="Loading more draws" />
    </div>
  );
};
