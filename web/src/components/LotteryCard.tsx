import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import {
  api,
  ApiError,
  isApiError,
  newIdempotencyKey,
  type Lottery,
  type SubmittedBallots,
} from '../api';
import { useAuth } from '../auth';
import {
  ballotRanges,
  describeDuration,
  differsFromViewer,
  formatCountdown,
  formatDateTime,
  formatDay,
  formatNumber,
  plural,
  toMs,
} from '../format';
import { useServerNow } from '../hooks';
import { RetryHint, StatusBadge } from './ui';

const MAX_QUANTITY = 1000;

/** Time left until the draw closes, on the server's clock. */
const Countdown = ({
  closesAt,
  timeZone,
  onClosed,
}: {
  closesAt: number;
  timeZone: string;
  onClosed: () => void;
}) => {
  const now = useServerNow();
  const left = closesAt - now;
  const closed = left <= 0;
  useEffect(() => {
    if (!closed) return;
    // Give the server a moment to close the draw and open the next day's, then look again
    // (less and less often) until the next day's draw shows up and replaces this countdown.
    let delay = 2500;
    let timer = window.setTimeout(function again() {
      onClosed();
      delay = Math.min(delay * 2, 60_000);
      timer = window.setTimeout(again, delay);
    }, delay);
    return () => window.clearTimeout(timer);
  }, [closed, onClosed]);
  return (
    <div className="countdown-box">
      <span className="countdown-label">{closed ? 'Today’s draw' : 'Draw closes in'}</span>
      <span
        className="countdown"
        role="timer"
        aria-label={closed ? 'Closed' : `${describeDuration(left)} left`}
      >
        {closed ? 'Drawing…' : formatCountdown(left)}
      </span>
      <span className="countdown-when">
        at midnight in <strong>{timeZone}</strong>
        <span className="countdown-at">{formatDateTime(closesAt, timeZone)}</span>
        <span className="countdown-at">
          {differsFromViewer(closesAt, timeZone)
            ? `your time: ${formatDateTime(closesAt)}`
            : 'the same as your local time'}
        </span>
      </span>
    </div>
  );
};

const SubmitBallots = ({
  lottery,
  onSubmitted,
}: {
  lottery: Lottery;
  onSubmitted: (submitted: SubmittedBallots) => void;
}) => {
  const { sessionEnded } = useAuth();
  const [quantity, setQuantity] = useState('1');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<SubmittedBallots | null>(null);
  const id = useId();

  const parsed = Number(quantity);
  const valid = Number.isInteger(parsed) && parsed >= 1 && parsed <= MAX_QUANTITY;
  const quantityError = isApiError(error)
    ? error.errors.find((e) => e.field.endsWith('quantity'))?.message
    : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!valid || pending) return;
    setPending(true);
    setError(null);
    setResult(null);
    // One key per click: if the network drops the answer, the retry with the same key is
    // recognised by the server and never submits the ballots twice.
    const key = newIdempotencyKey();
    try {
      let submitted: SubmittedBallots;
      try {
        submitted = await api.submitBallots(lottery.id, parsed, key);
      } catch (e) {
        if (!isApiError(e, 0)) throw e;
        await new Promise((resolve) => window.setTimeout(resolve, 1000));
        submitted = await api.submitBallots(lottery.id, parsed, key);
      }
      setResult(submitted);
      onSubmitted(submitted);
    } catch (e) {
      if (isApiError(e, 401)) sessionEnded();
      setError(e);
    } finally {
      setPending(false);
    }
  };

  const step = (delta: number) => {
    const base = Number.isInteger(parsed) ? parsed : 1;
    setQuantity(String(Math.min(MAX_QUANTITY, Math.max(1, base + delta))));
  };

  const ranges = result ? ballotRanges(result.ballotIds) : [];
  const shown = ranges.slice(0, 8);
  return (
    <div className="submit">
      <form className="submit-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-qty`} className="submit-label">
          Ballots
        </label>
        <div className="stepper">
          <button
            type="button"
            className="stepper-button"
            onClick={() => step(-1)}
            disabled={pending || parsed <= 1}
            aria-label="One ballot fewer"
          >
            −
          </button>
          <input
            id={`${id}-qty`}
            className="input stepper-input"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_QUANTITY}
            step={1}
            value={quantity}
            onChange={(e) => setQuantity(e.target.value)}
            aria-invalid={!valid || quantityError ? true : undefined}
            aria-describedby={`${id}-qty-hint`}
          />
          <button
            type="button"
            className="stepper-button"
            onClick={() => step(1)}
            disabled={pending || parsed >= MAX_QUANTITY}
            aria-label="One ballot more"
          >
            +
          </button>
        </div>
        <button type="submit" className="button submit-button" disabled={pending || !valid}>
          {pending ? 'Submitting…' : `Submit ${valid ? plural(parsed, 'ballot') : 'ballots'}`}
        </button>
        <p id={`${id}-qty-hint`} className={`field-hint${valid ? '' : ' field-error'}`}>
          {valid ? '1 to 1,000 at a time.' : 'A whole number, 1 to 1,000.'}
        </p>
      </form>
      <div className="submit-result" aria-live="polite">
        {result ? (
          <p className="submitted">
            <span className="submitted-title">
              <span aria-hidden="true">✓ </span>
              {plural(result.quantity, 'ballot')} in{' '}
              {result.drawDate === lottery.today?.date
                ? 'today’s draw'
                : `the draw of ${formatDay(result.drawDate, 'short')}`}
            </span>
            <span className="chips">
              {shown.map((r) => (
                <span key={r} className="chip">
                  {r}
                </span>
              ))}
              {ranges.length > shown.length ? (
                <span className="chip chip-more">+{ranges.length - shown.length} more</span>
              ) : null}
            </span>
          </p>
        ) : null}
        {error ? (
          <div className="notice notice-error" role="alert">
            <p>{quantityError ? `Quantity ${quantityError}.` : (error as Error).message}</p>
            {isApiError(error, 401) ? (
              <p>
                <Link to="/login">Log in again</Link> to play.
              </p>
            ) : null}
            {error instanceof ApiError && error.retryAfter !== null ? (
              <RetryHint seconds={error.retryAfter} />
            ) : null}
          </div>
        ) : null}
        {!result && !error ? (
          <p className="submit-placeholder">
            {pending ? 'Submitting…' : 'Your new ballot numbers will appear here.'}
          </p>
        ) : null}
      </div>
    </div>
  );
};

/** An open lottery: today's draw, the countdown, the participant's ballots, and playing. */
export const OpenLotteryCard = ({
  lottery,
  onChanged,
  headingLevel = 3,
}: {
  lottery: Lottery;
  onChanged: () => void;
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
            onClosed={onChanged}
          />
          <dl className="stats">
            <div>
              <dt>Ballots in today’s draw</dt>
              <dd>{formatNumber(today.ballotCount)}</dd>
            </div>
            {me ? (
              <>
                <div>
                  <dt>Your ballots today</dt>
                  <dd>{formatNumber(lottery.myBallots?.today ?? 0)}</dd>
                </div>
                <div>
                  <dt>Your ballots in total</dt>
                  <dd>{formatNumber(lottery.myBallots?.total ?? 0)}</dd>
                </div>
              </>
            ) : null}
          </dl>
        </div>
      ) : (
        <p className="muted today-missing">Today’s draw is opening; refresh in a moment.</p>
      )}
      {me ? (
        <SubmitBallots lottery={lottery} onSubmitted={onChanged} />
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

/** A lottery that is not open: when it starts, or when it ended. */
export const LotteryRow = ({ lottery }: { lottery: Lottery }) => {
  const when =
    lottery.status === 'upcoming'
      ? `Starts ${formatDay(lottery.startsOn, 'short')}`
      : lottery.status === 'finished'
        ? `Ended ${formatDay(lottery.endsOn ?? lottery.startsOn, 'short')}`
        : lottery.cancelledAt
          ? `Cancelled ${formatDateTime(lottery.cancelledAt)}`
          : 'Cancelled';
  return (
    <li className="lottery-row">
      <div className="lottery-row-main">
        <Link to={`/lotteries/${lottery.id}`} className="lottery-row-name">
          {lottery.name}
        </Link>
        {lottery.description ? (
          <span className="lottery-row-desc">{lottery.description}</span>
        ) : null}
      </div>
      <div className="lottery-row-meta">
        <span>{when}</span>
        <span className="muted">{lottery.timeZone}</span>
      </div>
    </li>
  );
};
