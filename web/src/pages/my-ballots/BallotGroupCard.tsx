import { Link } from 'react-router';
import { StatusBadge, Trophy } from '../../components/ui';
import { formatDay, formatTime, plural } from '../../format';
import type { BallotGroup } from './group-ballots';

/** One draw's ballots, the winning one marked. */
export const BallotGroupCard = ({ group, partial }: { group: BallotGroup; partial: boolean }) => {
  const wins = group.ballots.filter((b) => b.won);
  return (
    <section
      className={`card ballot-group${wins.length ? ' ballot-group-won' : ''}`}
      aria-label={`${group.lotteryName}, ${formatDay(group.date)}`}
    >
      <div className="card-head">
        <h3 className="card-title">
          <Link to={`/lotteries/${group.lotteryId}/draws/${group.date}`}>{group.lotteryName}</Link>
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
        {partial ? ' so far (load more below)' : ''}
        {group.drawStatus === 'drawn' && !wins.length ? ' · not a winner this time' : ''}
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
  );
};
