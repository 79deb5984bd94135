import { Link } from 'react-router';
import type { MyDraw } from '../../api/types';
import { StatusBadge, Trophy } from '../../components/ui';
import { formatDay, formatNumber, formatShare, formatTime, plural } from '../../format';
import { DrawReceipts } from '../../receipts/DrawReceipts';
import { RangeChips } from './RangeChips';

/** The participant's ballots in one draw: how many, their numbers, and whether they won. */
export const MyDrawCard = ({ draw, participantId }: { draw: MyDraw; participantId: number }) => {
  const drawn = draw.status === 'drawn';
  const submitted =
    draw.firstSubmittedAt === draw.lastSubmittedAt
      ? `submitted ${formatTime(draw.firstSubmittedAt)}`
      : `submitted ${formatTime(draw.firstSubmittedAt)} to ${formatTime(draw.lastSubmittedAt)}`;
  return (
    <section
      className={`card ballot-group${draw.wonWith !== null ? ' ballot-group-won' : ''}`}
      aria-label={`${draw.lotteryName}, ${formatDay(draw.date)}`}
    >
      <div className="card-head">
        <h3 className="card-title">
          <Link to={`/lotteries/${draw.lotteryId}/draws/${draw.date}`}>{draw.lotteryName}</Link>
        </h3>
        <StatusBadge status={draw.status} />
      </div>
      {draw.wonWith !== null ? (
        <p className="win-banner">
          <Trophy />
          You won with ballot #{draw.wonWith}!
        </p>
      ) : null}
      <p className="draw-share">
        <strong>{plural(draw.ballots, 'ballot')}</strong> of {formatNumber(draw.drawBallots)}
        {drawn ? ' in the draw' : ' so far'} ({formatShare(draw.ballots, draw.drawBallots)})
        {drawn && draw.wonWith === null ? ' · not a winner this time' : ''}
      </p>
      <p className="muted small">{submitted}</p>
      <RangeChips draw={draw} />
      <DrawReceipts draw={draw} participantId={participantId} />
    </section>
  );
};
