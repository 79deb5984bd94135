import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/errors';
import { keys, LIVE_COUNTS_MS, queries } from '../api/queries';
import { useAuth } from '../auth';
import { DrawList } from '../components/DrawList';
import { OpenLotteryCard } from '../components/LotteryCard';
import { ErrorNotice, Notice, Skeleton, StatusBadge } from '../components/ui';
import { useTitle } from '../hooks';
import { scheduleLine } from '../lottery-text';

export const LotteryPage = () => {
  const { id = '' } = useParams();
  const { me } = useAuth();
  const valid = /^\d+$/.test(id);
  const client = useQueryClient();
  const lottery = useQuery({
    ...queries.lottery(id),
    enabled: valid && me !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'open' ? LIVE_COUNTS_MS : false),
  });
  const reload = () => void client.invalidateQueries({ queryKey: keys.lottery(id) });
  const l = lottery.data;
  useTitle(l?.name ?? 'Lottery');

  if (!valid || isApiError(lottery.error, 404)) {
    return (
      <>
        <h1>Lottery not found</h1>
        <Notice kind="warning">
          <p>
            There is no such lottery. See <Link to="/">all lotteries</Link>.
          </p>
        </Notice>
      </>
    );
  }
  if (lottery.error && !l) return <ErrorNotice error={lottery.error} onRetry={reload} />;
  if (!l) return <Skeleton count={2} height={200} />;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/">Lotteries</Link>
      </nav>
      <div className="page-head">
        <h1>
          {l.name} <StatusBadge status={l.status} />
        </h1>
        {l.description ? <p className="lead">{l.description}</p> : null}
        <p className="muted">{scheduleLine(l)}</p>
      </div>
      {l.status === 'open' ? (
        <div className="single-card">
          <OpenLotteryCard lottery={l} onClosed={reload} headingLevel={2} />
        </div>
      ) : null}
      <section className="section" aria-labelledby="draws-heading">
        <h2 id="draws-heading">Draws</h2>
        <DrawList lotteryId={l.id} timeZone={l.timeZone} />
      </section>
    </>
  );
};
