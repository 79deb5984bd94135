import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../api/errors';
import { queries } from '../api/queries';
import type { DrawDetail, Lottery } from '../api/types';
import { CopyButton, ErrorNotice, Notice, Skeleton, StatusBadge } from '../components/ui';
import { formatDateTime, formatDay, formatNumber, isIsoDay } from '../format';
import { useTitle } from '../hooks';

const Hash = ({ value }: { value: string | number | null | undefined }) =>
  value === null || value === undefined || value === '' ? (
    <span className="muted">—</span>
  ) : (
    <code className="hash">{String(value)}</code>
  );

const Fact = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="fact">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

export const DrawPage = () => {
  const { id = '', date = '' } = useParams();
  const valid = /^\d+$/.test(id) && isIsoDay(date);
  const draw = useQuery({ ...queries.draw(id, date), enabled: valid });
  const lottery = useQuery({ ...queries.lottery(id), enabled: valid });
  const name = draw.data?.lotteryName ?? lottery.data?.name;
  useTitle(name ? `${name}, ${formatDay(date, 'short')}` : 'Draw');

  if (!valid) {
    return (
      <>
        <h1>Draw not found</h1>
        <Notice kind="warning">
          <p>
            This address does not name a draw. See the <Link to="/winners">winning ballots</Link>.
          </p>
        </Notice>
      </>
    );
  }

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/winners/${date}`}>Winners of {formatDay(date, 'short')}</Link>
        <span aria-hidden="true"> / </span>
        <Link to={`/lotteries/${id}`}>{name ?? 'Lottery'}</Link>
      </nav>
      <div className="page-head">
        <h1>
          {name ?? 'Draw'} <span className="muted">· {formatDay(date)}</span>
        </h1>
      </div>
      {draw.error ? (
        isApiError(draw.error, 404) ? (
          <Notice kind="warning">
            <p>{draw.error.message}</p>
            <p>
              <Link to={`/lotteries/${id}`}>See this lottery’s draws</Link>
            </p>
          </Notice>
        ) : (
          <ErrorNotice error={draw.error} onRetry={() => void draw.refetch()} />
        )
      ) : draw.data === undefined ? (
        <Skeleton count={2} height={220} />
      ) : (
        <DrawBody draw={draw.data} lottery={lottery.data ?? null} lotteryId={id} date={date} />
      )}
    </>
  );
};

const DrawBody = ({
  draw,
  lottery,
  lotteryId,
  date,
}: {
  draw: DrawDetail;
  lottery: Lottery | null;
  lotteryId: string;
  date: string;
}) => {
  const zone = draw.timeZone ?? lottery?.timeZone;
  const f = draw.fairness ?? {};
  const drawn = draw.status === 'drawn';
  const command = `npx lottery verify --server ${window.location.origin} --lottery ${lotteryId} --date ${date}`;
  return (
    <>
      <section className="card draw-summary" aria-labelledby="result-heading">
        <div className="card-head">
          <h2 id="result-heading" className="card-title">
            Result
          </h2>
          <StatusBadge status={draw.status} />
        </div>
        <div className="draw-result">
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
              <span className="winner-name">Nobody played this day, so there is no winner.</span>
            </div>
          ) : (
            <div className="winner winner-none">
              <span className="winner-label">Not drawn yet</span>
              <span className="winner-number">—</span>
              <span className="winner-name">
                {draw.status === 'open'
                  ? 'The draw is still open for ballots.'
                  : 'The ballots are sealed; the winner is being picked.'}
              </span>
            </div>
          )}
          <dl className="facts">
            <Fact label="Ballots">
              {draw.ballotCount === null || draw.ballotCount === undefined
                ? '—'
                : formatNumber(draw.ballotCount)}
            </Fact>
            <Fact
              label={draw.status === 'open' || draw.status === 'upcoming' ? 'Closes' : 'Closed'}
            >
              {formatDateTime(draw.closesAt, zone)}
            </Fact>
            {zone ? <Fact label="Time zone">{zone}</Fact> : null}
            {draw.drawnAt ? <Fact label="Drawn">{formatDateTime(draw.drawnAt, zone)}</Fact> : null}
          </dl>
        </div>
      </section>

      <section className="card" aria-labelledby="fairness-heading">
        <h2 id="fairness-heading" className="card-title">
          How this draw is provably fair
        </h2>
        <p className="muted">
          Before a draw opens, the lottery publishes a commitment to a secret seed. At midnight the
          ballots are sealed into a Merkle tree, then the seed is revealed. The winner follows from
          these values alone, so nobody can choose it.
        </p>
        <h3 className="subhead">1. Committed before the draw opened</h3>
        <dl className="hashes">
          <Fact label="Protocol">
            <Hash value={f.version} />
          </Fact>
          <Fact label="Commitment">
            <Hash value={f.commitment} />
          </Fact>
          <Fact label="Beacon round">
            {f.beaconRound === null || f.beaconRound === undefined ? (
              <span className="muted">none (seed only)</span>
            ) : (
              <Hash value={f.beaconRound} />
            )}
          </Fact>
          <Fact label="Record hash">
            <Hash value={f.recordHash} />
          </Fact>
          <Fact label="Previous record">
            <Hash value={f.prevRecordHash} />
          </Fact>
        </dl>
        <h3 className="subhead">2. Revealed after the draw</h3>
        {drawn ? (
          <dl className="hashes">
            <Fact label="Merkle root">
              <Hash value={f.merkleRoot} />
            </Fact>
            <Fact label="Seed">
              <Hash value={f.seed} />
            </Fact>
            <Fact label="Winning index">
              {f.winningIndex === null || f.winningIndex === undefined ? (
                <span className="muted">none (no ballots)</span>
              ) : (
                <Hash value={f.winningIndex} />
              )}
            </Fact>
            {f.beaconRandomness ? (
              <Fact label="Beacon randomness">
                <Hash value={f.beaconRandomness} />
              </Fact>
            ) : null}
          </dl>
        ) : (
          <p className="muted">
            The seed, the Merkle root and the winning index appear after the draw.
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading" className="card-title">
          Verify it yourself
        </h2>
        <p className="muted">
          Run this command to download the draw record and every sealed ballot, recompute the tree
          and the pick, and check them against what was published:
        </p>
        <div className="command">
          <code id="verify-command">{command}</code>
          <CopyButton text={command} label="Copy command" />
        </div>
      </section>
    </>
  );
};
