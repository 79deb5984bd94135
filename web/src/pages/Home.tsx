import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { keys, LIVE_COUNTS_MS, queries } from '../api/queries';
import type { Lottery } from '../api/types';
import { useAuth } from '../auth';
import { OpenLotteryCard } from '../components/LotteryCard';
import { LotteryRow } from '../components/LotteryRow';
import { ErrorNotice, Skeleton } from '../components/ui';
import { WinNotice } from '../components/WinNotice';
import { YesterdaysResults } from '../components/YesterdaysResults';
import { useTitle } from '../hooks';

const byName = (a: Lottery, b: Lottery) => a.name.localeCompare(b.name);

/** The lotteries by what a player can do with them: play now, soon, or look back. */
const grouped = (all: Lottery[]) => ({
  open: all.filter((l) => l.status === 'open').sort(byName),
  upcoming: all
    .filter((l) => l.status === 'upcoming')
    .sort((a, b) => a.startsOn.localeCompare(b.startsOn)),
  finished: all
    .filter((l) => l.status === 'finished')
    .sort((a, b) => (b.endsOn ?? '').localeCompare(a.endsOn ?? '')),
  cancelled: all.filter((l) => l.status === 'cancelled').sort(byName),
});

export const HomePage = () => {
  useTitle('Lotteries');
  const { me } = useAuth();
  const client = useQueryClient();
  // Wait for the session check, so the participant's own counts come with the first load.
  const lotteries = useQuery({
    ...queries.lotteries(),
    enabled: me !== undefined,
    refetchInterval: LIVE_COUNTS_MS,
  });
  const reload = useCallback(
    () => void client.invalidateQueries({ queryKey: keys.lotteries }),
    [client],
  );
  const { open, upcoming, finished, cancelled } = grouped(lotteries.data ?? []);

  return (
    <>
      <section className="hero">
        <h1>Today’s lotteries</h1>
        <p className="lead">
          Every lottery draws one winning ballot a day, at midnight in its own time zone. Submit as
          many ballots as you like before the countdown ends.
        </p>
        {me === null ? (
          <p className="hero-cta">
            <Link className="button" to="/signup">
              Sign up to play
            </Link>
            <Link className="button button-ghost" to="/login">
              Log in
            </Link>
          </p>
        ) : null}
      </section>

      <WinNotice />

      <section aria-labelledby="open-heading" className="section">
        <h2 id="open-heading">Open now</h2>
        {lotteries.data === undefined && lotteries.error ? (
          <ErrorNotice error={lotteries.error} onRetry={reload} title="Could not load lotteries" />
        ) : lotteries.data === undefined ? (
          <div className="card-grid">
            <Skeleton count={2} height={me ? 330 : 300} />
          </div>
        ) : open.length === 0 ? (
          <p className="empty">No lottery is open right now. Check the upcoming ones below.</p>
        ) : (
          <div className="card-grid">
            {open.map((lottery) => (
              <OpenLotteryCard key={lottery.id} lottery={lottery} onClosed={reload} />
            ))}
          </div>
        )}
        {lotteries.data !== undefined && lotteries.error ? (
          <ErrorNotice error={lotteries.error} onRetry={reload} title="Could not refresh" />
        ) : null}
      </section>

      <YesterdaysResults lotteries={open} />

      {lotteries.data !== undefined ? (
        <div className="later-grid">
          <LotteryGroup
            id="upcoming"
            title="Coming soon"
            lotteries={upcoming}
            empty="Nothing scheduled yet."
          />
          <LotteryGroup
            id="finished"
            title="Finished"
            lotteries={finished}
            empty="No lottery has finished yet."
          />
          {cancelled.length > 0 ? (
            <LotteryGroup id="cancelled" title="Cancelled" lotteries={cancelled} empty="" />
          ) : null}
        </div>
      ) : null}
    </>
  );
};

const LotteryGroup = ({
  id,
  title,
  lotteries,
  empty,
}: {
  id: string;
  title: string;
  lotteries: Lottery[];
  empty: string;
}) => (
  <section aria-labelledby={`${id}-heading`} className="section">
    <h2 id={`${id}-heading`}>{title}</h2>
    {lotteries.length === 0 ? (
      <p className="empty">{empty}</p>
    ) : (
      <ul className="lottery-list">
        {lotteries.map((lottery) => (
          <LotteryRow key={lottery.id} lottery={lottery} />
        ))}
      </ul>
    )}
  </section>
);
