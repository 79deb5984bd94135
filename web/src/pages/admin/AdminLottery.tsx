import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { isApiError } from '../../api/errors';
import { invalidate, keys, queries } from '../../api/queries';
import { DrawList } from '../../components/DrawList';
import { ErrorNotice, Skeleton, StatusBadge } from '../../components/ui';
import { useTitle } from '../../hooks';
import { CancelLottery } from './CancelLottery';
import { LotteryForm } from './LotteryForm';
import { patchFrom, valuesOf } from './lottery-values';

/** One lottery: its details to edit, cancelling, and its draws. */
export const AdminLottery = () => {
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const client = useQueryClient();
  const lottery = useQuery({ ...queries.lottery(id), enabled: valid });
  const l = lottery.data;
  useTitle(l ? `Admin: ${l.name}` : 'Admin');

  if (!valid || isApiError(lottery.error, 404)) {
    return (
      <>
        <h1>Lottery not found</h1>
        <p>
          <Link to="/admin">Back to all lotteries</Link>
        </p>
      </>
    );
  }
  if (lottery.error && !l) {
    return <ErrorNotice error={lottery.error} onRetry={() => void lottery.refetch()} />;
  }
  if (!l) return <Skeleton count={2} height={240} />;

  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/admin">Admin</Link>
      </nav>
      <div className="page-head">
        <h1>
          {l.name} <StatusBadge status={l.status} />
        </h1>
        <p className="muted">
          <Link to={`/lotteries/${l.id}`}>Public page</Link>
        </p>
      </div>
      <div className="admin-grid">
        <section className="card" aria-labelledby="edit-heading">
          <h2 id="edit-heading" className="card-title">
            Details
          </h2>
          {l.status === 'finished' || l.status === 'cancelled' ? (
            <p className="muted">A {l.status} lottery can no longer be changed.</p>
          ) : null}
          <LotteryForm
            key={`${l.id}:${l.status}`}
            initial={valuesOf(l)}
            lottery={l}
            submitLabel="Save changes"
            onSubmit={async (values) => {
              const patch = patchFrom(valuesOf(l), values);
              if (Object.keys(patch).length === 0) return;
              client.setQueryData(keys.lottery(l.id), await api.editLottery(l.id, patch));
              await invalidate.lotteries(client);
            }}
          />
        </section>
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading" className="card-title">
            Cancel the lottery
          </h2>
          <CancelLottery lottery={l} />
        </section>
      </div>
      <section className="section" aria-labelledby="admin-draws-heading">
        <h2 id="admin-draws-heading">Draws</h2>
        <DrawList lotteryId={l.id} timeZone={l.timeZone} />
      </section>
    </>
  );
};
