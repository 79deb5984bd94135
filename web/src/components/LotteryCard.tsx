import { useId } from 'react';
import { Link, useLocation } from 'react-router';
import type { Lottery } from '../api/types';
import { useAuth } from '../auth';
import { formatNumber, formatShare, toMs } from '../format';
import { Countdown } from './Countdown';
import { SubmitBallots } from './SubmitBallots';
import { StatusBadge } from './ui';

/** Today's ballots, and the participant's own with their chance of winning so far. */
const TodayStats = ({
  lottery,
  total,
  loggedIn,
}: {
  lottery: Lottery;
  total: number;
  loggedIn: boolean;
}) => {
  const mine = lottery.myBallots?.today ?? 0;
  return (
    <dl className="stats">
      <div>
        <dt>Ballots in today’s draw</dt>
        <dd>{formatNumber(total)}</dd>
      </div>
      {loggedIn ? (
        <>
          <div>
            <dt>Your ballots today</dt>
            <dd>{formatNumber(mine)}</dd>
          </div>
          <div>
            <dt>Your ballots in total</dt>
            <dd>{formatNumber(lottery.myBallots?.total ?? 0)}</dd>
          </div>
          <div className="chance">
            <dt>Your chance so far</dt>
            <dd>
              {mine > 0 ? (
                <>
                  <span className="chance-detail">
                    your {formatNumber(mine)} of {formatNumber(total)}{' '}
                    {total === 1 ? 'ballot' : 'ballots'}:
                  </span>{' '}
                  {formatShare(mine, total)}
                </>
              ) : (
                <span className="chance-detail">no ballot yet</span>
              )}
            </dd>
          </div>
        </>
      ) : null}
    </dl>
  );
};

/** An open lottery: today's draw, the countdown, the participant's ballots, and playing. */
export const OpenLotteryCard = ({
  lottery,
  onClosed,
  headingLevel = 3,
}: {
  lottery: Lottery;
  /** Called when today's draw has closed, until the next day's shows up. */
  onClosed: () => void;
  headingLevel?: 2 | 3;
}) => {
  const { me } = useAuth();
  const location = useLocation();
  const here = encodeURIComponent(location.pathname + location.search);
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const today = lottery.today;
  return (
    <article className="card lottery-card" aria-labelledby={headingId}>
      <div className="card-head">
        <Heading id={headingId} className="card-title">
          {headingLevel === 3 ? (
            <Link to={`/lotteries/${lottery.id}`}>{lottery.name}</Link>
          ) : (
            'Today’s draw'
          )}
        </Heading>
        {headingLevel === 3 ? <StatusBadge status={lottery.status} /> : null}
      </div>
      {headingLevel === 3 ? (
        <p className="description">{lottery.description || 'A daily draw.'}</p>
      ) : null}
      {today ? (
        <div className="today">
          <Countdown
            key={today.date}
            closesAt={toMs(today.closesAt)}
            timeZone={lottery.timeZone}
            onClosed={onClosed}
          />
          <TodayStats lottery={lottery} total={today.ballotCount} loggedIn={Boolean(me)} />
        </div>
      ) : (
        <p className="muted today-missing">Today’s draw is opening; refresh in a moment.</p>
      )}
      {me ? (
        <SubmitBallots lottery={lottery} />
      ) : me === null ? (
        <p className="play-prompt">
          <Link className="button" to={`/login?next=${here}`}>
            Log in to play
          </Link>
          <span>
            New here? <Link to={`/signup?next=${here}`}>Create an account</Link>
          </span>
        </p>
      ) : (
        <div className="play-prompt" aria-hidden="true" />
      )}
    </article>
  );
};
