import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client';
import { invalidate, queries } from '../../api/queries';
import type { Lottery } from '../../api/types';
import { ErrorNotice, Notice, Skeleton, StatusBadge } from '../../components/ui';
import { dayIn, formatDay, formatNumber } from '../../format';
import { serverNow } from '../../server-clock';
import { LotteryForm } from './LotteryForm';
import { inputFrom, type FormValues } from './lottery-values';

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

const statusOrder = (status: string) =>
  ({ open: 0, upcoming: 1, finished: 2, cancelled: 3 })[status] ?? 4;

/** Every lottery, and a form for a new one. */
export const AdminHome = () => {
  const client = useQueryClient();
  const lotteries = useQuery(queries.lotteries());
  const [creating, setCreating] = useState<FormValues | null>(null);
  const [created, setCreated] = useState<Lottery | null>(null);

  return (
    <>
      <div className="page-head page-head-row">
        <div>
          <h1>Admin</h1>
          <p className="muted">Create, edit and cancel lotteries, and follow their draws.</p>
        </div>
        {!creating ? (
          <button
            type="button"
            className="button"
            onClick={() => {
              setCreated(null);
              // The first day defaults to today, in the admin's own time zone.
              setCreating({
                name: '',
                description: '',
                startsOn: dayIn(serverNow(), viewerZone),
                endsOn: '',
                timeZone: viewerZone,
              });
            }}
          >
            New lottery
          </button>
        ) : null}
      </div>
      <div aria-live="polite">
        {created ? (
          <Notice kind="success">
            <p>
              Created <Link to={`/admin/lotteries/${created.id}`}>{created.name}</Link> (
              {created.status === 'open'
                ? 'open now'
                : `starts ${formatDay(created.startsOn, 'short')}`}
              ).
            </p>
          </Notice>
        ) : null}
      </div>
      {creating ? (
        <section className="card" aria-labelledby="new-lottery-heading">
          <h2 id="new-lottery-heading" className="card-title">
            New lottery
          </h2>
          <LotteryForm
            initial={creating}
            submitLabel="Create lottery"
            onCancel={() => setCreating(null)}
            onSubmit={async (values) => {
              setCreated(await api.createLottery(inputFrom(values)));
              setCreating(null);
              await invalidate.lotteries(client);
            }}
          />
        </section>
      ) : null}
      <section className="section" aria-labelledby="all-lotteries-heading">
        <h2 id="all-lotteries-heading">All lotteries</h2>
        {lotteries.error && !lotteries.data ? (
          <ErrorNotice error={lotteries.error} onRetry={() => void lotteries.refetch()} />
        ) : !lotteries.data ? (
          <Skeleton count={4} height={44} />
        ) : lotteries.data.length === 0 ? (
          <p className="empty">No lotteries yet. Create the first one.</p>
        ) : (
          <LotteryTable lotteries={lotteries.data} />
        )}
      </section>
    </>
  );
};

const LotteryTable = ({ lotteries }: { lotteries: Lottery[] }) => {
  const sorted = [...lotteries].sort(
    (a, b) => statusOrder(a.status) - statusOrder(b.status) || a.name.localeCompare(b.name),
  );
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Lottery</th>
            <th scope="col">Status</th>
            <th scope="col">Days</th>
            <th scope="col">Time zone</th>
            <th scope="col" className="num">
              Today’s ballots
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((l) => (
            <tr key={l.id}>
              <td>
                <Link to={`/admin/lotteries/${l.id}`}>{l.name}</Link>
              </td>
              <td>
                <StatusBadge status={l.status} />
              </td>
              <td>
                {formatDay(l.startsOn, 'short')} –{' '}
                {l.endsOn ? formatDay(l.endsOn, 'short') : 'no end'}
              </td>
              <td>{l.timeZone}</td>
              <td className="num">{l.today ? formatNumber(l.today.ballotCount) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
