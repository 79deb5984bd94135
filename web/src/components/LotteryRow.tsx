import { Link } from 'react-router';
import type { Lottery } from '../api/types';
import { formatDateTime, formatDay } from '../format';

/** When a lottery that is not open starts, ended, or was cancelled. */
export const lotteryWhen = (lottery: Lottery): string => {
  switch (lottery.status) {
    case 'upcoming':
      return `Starts ${formatDay(lottery.startsOn, 'short')}`;
    case 'finished':
      return `Ended ${formatDay(lottery.endsOn ?? lottery.startsOn, 'short')}`;
    case 'cancelled':
      return lottery.cancelledAt ? `Cancelled ${formatDateTime(lottery.cancelledAt)}` : 'Cancelled';
    default:
      return `Started ${formatDay(lottery.startsOn, 'short')}`;
  }
};

/** A lottery that is not open: when it starts, or when it ended. */
export const LotteryRow = ({ lottery }: { lottery: Lottery }) => (
  <li className="lottery-row">
    <div className="lottery-row-main">
      <Link to={`/lotteries/${lottery.id}`} className="lottery-row-name">
        {lottery.name}
      </Link>
      {lottery.description ? <span className="lottery-row-desc">{lottery.description}</span> : null}
    </div>
    <div className="lottery-row-meta">
      <span>{lotteryWhen(lottery)}</span>
      <span className="muted">{lottery.timeZone}</span>
    </div>
  </li>
);
