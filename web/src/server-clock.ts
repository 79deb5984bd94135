/**
 * The server's clock, as seen from the browser. Draws close at midnight by the server's clock,
 * which may differ from the viewer's computer clock, so countdowns are computed from the
 * server's time: every API response carries an HTTP `Date` header (whole seconds), which bounds
 * the offset between the two clocks. Bounds from several responses are intersected (like NTP)
 * for a tighter estimate; when a new sample contradicts the bounds (the viewer's clock was
 * changed, or the server's), the estimate starts again from that sample.
 */

let low = Number.NEGATIVE_INFINITY;
let high = Number.POSITIVE_INFINITY;
const listeners = new Set<() => void>();

/** Records one response: the server said `dateHeader` between `sentAt` and `receivedAt`. */
export const observeServerDate = (
  dateHeader: string | null,
  sentAt: number,
  receivedAt: number,
): void => {
  if (!dateHeader) return;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return;
  // The header is truncated to the second: the true server time was in [server, server + 1000).
  const sampleLow = server - receivedAt;
  const sampleHigh = server + 1000 - sentAt;
  const nextLow = Math.max(low, sampleLow);
  const nextHigh = Math.min(high, sampleHigh);
  const before = offset();
  if (nextLow <= nextHigh) {
    low = nextLow;
    high = nextHigh;
  } else {
    low = sampleLow;
    high = sampleHigh;
  }
  if (Math.abs(offset() - before) >= 1) for (const listener of listeners) listener();
};

/** Milliseconds to add to the browser's clock to get the server's. */
export const offset = (): number =>
  Number.isFinite(low) && Number.isFinite(high) ? Math.round((low + high) / 2) : 0;

/** The current time on the server's clock (epoch milliseconds). */
export const serverNow = (): number => Date.now() + offset();

/** Calls `listener` when the estimated offset changes. */
export const onOffsetChange = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
