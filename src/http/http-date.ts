import type { Clock } from '../domain/index.js';

/**
 * The Date header's text for the clock's now. Clients (the web app's countdown) read the
 * server's time from Date, so it is the service's clock, which tests may pin, not the socket
 * layer's own reading. The text changes once a second, so it is formatted once a second.
 */
export const httpDate = (clock: Clock): (() => string) => {
  let second = Number.NaN;
  let text = '';
  return () => {
    const now = clock.now();
    const s = Math.floor(now / 1000);
    if (s !== second) {
      second = s;
      text = new Date(now).toUTCString();
    }
    return text;
  };
};
