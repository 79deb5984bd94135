import type { Lottery } from './api/types';
import { dayIn, formatDateTime, formatDay, toMs } from './format';

/** A cancelled lottery whose first day had not begun (in its own time zone) when it was cancelled. */
export const cancelledBeforeStart = (l: Lottery): boolean =>
  l.status === 'cancelled' &&
  l.cancelledAt !== null &&
  dayIn(toMs(l.cancelledAt), l.timeZone) < l.startsOn;

/** A lottery's days in a sentence that is true for its status. */
export const scheduleLine = (l: Lottery): string => {
  const zone = `midnight in ${l.timeZone}`;
  const until = l.endsOn ? `last draw ${formatDay(l.endsOn)}` : 'runs until cancelled';
  switch (l.status) {
    case 'upcoming':
      return `Starts ${formatDay(l.startsOn)} · ${until} · draws at ${zone}`;
    case 'open':
      return `Started ${formatDay(l.startsOn)} · ${until} · draws at ${zone}`;
    case 'finished':
      return `Ran from ${formatDay(l.startsOn)} to ${formatDay(l.endsOn ?? l.startsOn)} · drew at ${zone}`;
    case 'cancelled': {
      const when = l.cancelledAt ? ` ${formatDateTime(l.cancelledAt)}` : '';
      return cancelledBeforeStart(l)
        ? `Was to start ${formatDay(l.startsOn)} · cancelled${when}, before its first draw`
        : `Started ${formatDay(l.startsOn)} · cancelled${when} · drew at ${zone}`;
    }
  }
};
