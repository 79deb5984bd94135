import { useEffect } from 'react';
import { describeDuration, differsFromViewer, formatCountdown, formatDateTime } from '../format';
import { useServerNow } from '../hooks';

/** Time left until the draw closes, on the server's clock. */
export const Countdown = ({
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
