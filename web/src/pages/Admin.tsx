import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, isApiError, type Lottery, type LotteryInput } from '../api';
import { useAuth } from '../auth';
import { DrawList } from '../components/DrawList';
import {
  ErrorNotice,
  Field,
  fieldErrorsOf,
  Notice,
  Skeleton,
  StatusBadge,
  TextAreaField,
  TextField,
} from '../components/ui';
import { dayIn, formatDay, formatNumber } from '../format';
import { useResource, useTitle } from '../hooks';
import { serverNow } from '../server-clock';

const formFields = ['name', 'description', 'startsOn', 'endsOn', 'timeZone'] as const;

type FormField = (typeof formFields)[number];

const labels: Record<FormField, string> = {
  name: 'Name',
  description: 'Description',
  startsOn: 'First draw day',
  endsOn: 'Last draw day',
  timeZone: 'Time zone',
};

/** Shows the page to admins only; everyone else gets a clear explanation. */
const AdminOnly = ({ children }: { children: ReactNode }) => {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Skeleton count={2} height={120} />;
  if (me === null || me.role !== 'admin') {
    return (
      <>
        <h1>Admin</h1>
        <div className="notice notice-warning" role="alert">
          <p className="notice-title">Admins only</p>
          {me === null ? (
            <p>
              This area is for lottery administrators.{' '}
              <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>
                Log in with an admin account
              </Link>
              .
            </p>
          ) : (
            <p>
              You are logged in as {me.username}, who is not an administrator. Ask an admin if you
              need access.
            </p>
          )}
        </div>
      </>
    );
  }
  return <>{children}</>;
};

const zones = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
})();

const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface FormValues {
  name: string;
  description: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

const valuesOf = (l: Lottery): FormValues => ({
  name: l.name,
  description: l.description ?? '',
  startsOn: l.startsOn,
  endsOn: l.endsOn ?? '',
  timeZone: l.timeZone,
});

const LotteryForm = ({
  initial,
  lottery,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: FormValues;
  lottery?: Lottery;
  submitLabel: string;
  onSubmit: (values: FormValues) => Promise<void>;
  onCancel?: () => void;
}) => {
  const [values, setValues] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  /** Problems found before asking the server (the server checks everything again). */
  const [local, setLocal] = useState<Partial<Record<FormField, string>>>({});
  const set = (name: keyof FormValues) => (e: { target: { value: string } }) => {
    setSaved(false);
    setValues((v) => ({ ...v, [name]: e.target.value }));
  };
  const started = lottery !== undefined && lottery.status !== 'upcoming';
  const ended =
    lottery !== undefined && (lottery.status === 'finished' || lottery.status === 'cancelled');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    setSaved(false);
    const found: Partial<Record<FormField, string>> = {};
    if (!values.name.trim()) found.name = 'is required';
    if (values.endsOn && values.startsOn && values.endsOn < values.startsOn) {
      found.endsOn = 'must be on or after the first draw day';
    }
    setLocal(found);
    if (Object.keys(found).length > 0) {
      setError(null);
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onSubmit(values);
      setSaved(true);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const { byField, other } = fieldErrorsOf(error, formFields);
  if (isApiError(error) && error.code === 'lottery-name-taken') {
    byField.name ??= 'is already used by another lottery';
  }
  /** The API's message for a field, after the field's own label: "Name must not be empty". */
  const errorFor = (field: FormField) => {
    const message = local[field] ?? byField[field];
    return message ? `${labels[field]} ${message}` : undefined;
  };
  const invalid = Object.keys(local).length > 0 || isApiError(error, 400);
  const zoneListId = 'time-zones';
  return (
    <form className="form lottery-form" onSubmit={submit} noValidate>
      <div className="form-status" aria-live="assertive">
        {error || invalid ? (
          <div className="notice notice-error" role="alert">
            <p className="notice-title">
              {invalid ? 'Please fix the fields below.' : (error as Error).message}
            </p>
            {isApiError(error, 400) && error.errors.length === 0 ? <p>{error.message}</p> : null}
            {other.map((m) => (
              <p key={m}>{m}</p>
            ))}
          </div>
        ) : null}
      </div>
      <TextField
        label={labels.name}
        required
        maxLength={100}
        value={values.name}
        onChange={set('name')}
        disabled={ended}
        error={errorFor('name')}
      />
      <TextAreaField
        label={labels.description}
        rows={3}
        maxLength={2000}
        value={values.description}
        onChange={set('description')}
        disabled={ended}
        hint="Optional. Shown to participants on the lottery’s card."
        error={errorFor('description')}
      />
      <div className="form-row">
        <TextField
          label={labels.startsOn}
          type="date"
          required
          value={values.startsOn}
          onChange={set('startsOn')}
          disabled={started}
          hint={started ? 'Cannot change once started.' : 'Today or later.'}
          error={errorFor('startsOn')}
        />
        <TextField
          label={labels.endsOn}
          type="date"
          value={values.endsOn}
          onChange={set('endsOn')}
          disabled={ended}
          hint="Optional. Empty runs until cancelled."
          error={errorFor('endsOn')}
        />
      </div>
      <Field
        label={labels.timeZone}
        hint={started ? 'Cannot change once started.' : 'Each day’s draw closes at midnight here.'}
        error={errorFor('timeZone')}
      >
        {(props) => (
          <>
            <input
              className="input"
              list={zoneListId}
              value={values.timeZone}
              onChange={set('timeZone')}
              disabled={started}
              autoComplete="off"
              spellCheck={false}
              {...props}
            />
            <datalist id={zoneListId}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending || ended}>
          {pending ? 'Saving…' : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button button-ghost" onClick={onCancel}>
            Close
          </button>
        ) : null}
        <span className="saved" role="status">
          {saved ? '✓ Saved.' : ''}
        </span>
      </div>
    </form>
  );
};

export const AdminPage = () => {
  useTitle('Admin');
  return (
    <AdminOnly>
      <AdminHome />
    </AdminOnly>
  );
};

const AdminHome = () => {
  const lotteries = useResource('admin-lotteries', (signal) => api.lotteries(undefined, signal));
  const [creating, setCreating] = useState<FormValues | null>(null);
  const [created, setCreated] = useState<Lottery | null>(null);
  const sorted = [...(lotteries.data ?? [])].sort(
    (a, b) => statusOrder(a.status) - statusOrder(b.status) || a.name.localeCompare(b.name),
  );

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
            onSubmit={async (v) => {
              const input: LotteryInput = {
                name: v.name,
                startsOn: v.startsOn,
                timeZone: v.timeZone,
                ...(v.description.trim() ? { description: v.description } : {}),
                ...(v.endsOn ? { endsOn: v.endsOn } : {}),
              };
              const lottery = await api.createLottery(input);
              setCreated(lottery);
              setCreating(null);
              lotteries.reload();
            }}
          />
        </section>
      ) : null}
      <section className="section" aria-labelledby="all-lotteries-heading">
        <h2 id="all-lotteries-heading">All lotteries</h2>
        {lotteries.error && !lotteries.data ? (
          <ErrorNotice error={lotteries.error} onRetry={lotteries.reload} />
        ) : !lotteries.data ? (
          <Skeleton count={4} height={44} />
        ) : sorted.length === 0 ? (
          <p className="empty">No lotteries yet. Create the first one.</p>
        ) : (
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
        )}
      </section>
    </>
  );
};

const statusOrder = (status: string) =>
  ({ open: 0, upcoming: 1, finished: 2, cancelled: 3 })[status] ?? 4;

export const AdminLotteryPage = () => (
  <AdminOnly>
    <AdminLottery />
  </AdminOnly>
);

const AdminLottery = () => {
  const { id = '' } = useParams();
  const valid = /^\d+$/.test(id);
  const lottery = useResource(valid ? `admin-lottery:${id}` : null, (signal) =>
    api.lottery(id, signal),
  );
  const l = lottery.data;
  useTitle(l ? `Admin: ${l.name}` : 'Admin');
  const [confirming, setConfirming] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [cancelling, setCancelling] = useState(false);

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
  if (lottery.error && !l) return <ErrorNotice error={lottery.error} onRetry={lottery.reload} />;
  if (!l) return <Skeleton count={2} height={240} />;

  const cancellable = l.status === 'open' || l.status === 'upcoming';
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
            onSubmit={async (v) => {
              const before = valuesOf(l);
              const patch: Partial<LotteryInput> = {};
              if (v.name !== before.name) patch.name = v.name;
              if (v.description !== before.description) patch.description = v.description || null;
              if (v.startsOn !== before.startsOn) patch.startsOn = v.startsOn;
              if (v.endsOn !== before.endsOn) patch.endsOn = v.endsOn || null;
              if (v.timeZone !== before.timeZone) patch.timeZone = v.timeZone;
              if (Object.keys(patch).length === 0) return;
              lottery.set(await api.editLottery(l.id, patch));
            }}
          />
        </section>
        <section className="card" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading" className="card-title">
            Cancel the lottery
          </h2>
          {cancellable ? (
            <>
              <p className="muted">
                No ballots are accepted after cancelling. Today’s draw still closes at midnight with
                the ballots it already has. This cannot be undone.
              </p>
              {cancelError ? <ErrorNotice error={cancelError} /> : null}
              {confirming ? (
                <div className="confirm" role="group" aria-label="Confirm cancelling">
                  <p>
                    <strong>Cancel {l.name}?</strong>
                  </p>
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button button-danger"
                      disabled={cancelling}
                      onClick={() => {
                        setCancelling(true);
                        setCancelError(null);
                        api.cancelLottery(l.id).then(
                          (updated) => {
                            lottery.set(updated);
                            setConfirming(false);
                            setCancelling(false);
                          },
                          (e: unknown) => {
                            setCancelError(e);
                            setCancelling(false);
                          },
                        );
                      }}
                    >
                      {cancelling ? 'Cancelling…' : 'Yes, cancel it'}
                    </button>
                    <button
                      type="button"
                      className="button button-ghost"
                      onClick={() => setConfirming(false)}
                    >
                      Keep it
                    </button>
                  </div>
                </div>
              ) : (
                <button
                  type="button"
                  className="button button-danger-ghost"
                  onClick={() => setConfirming(true)}
                >
                  Cancel lottery…
                </button>
              )}
            </>
          ) : (
            <p className="muted">
              This lottery has {l.status === 'cancelled' ? 'been cancelled' : 'finished'}.
            </p>
          )}
        </section>
      </div>
      <section className="section" aria-labelledby="admin-draws-heading">
        <h2 id="admin-draws-heading">Draws</h2>
        <DrawList lotteryId={l.id} timeZone={l.timeZone} />
      </section>
    </>
  );
};
