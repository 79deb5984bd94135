import { useEffect, useSyncExternalStore } from 'react';
import { onOffsetChange, serverNow } from './server-clock';

const subscribeSecond = (notify: () => void) => {
  let timer: number | undefined;
  const tick = () => {
    notify();
    // Wake just after each whole second of the server's clock, so countdowns step evenly.
    timer = window.setTimeout(tick, 1000 - (serverNow() % 1000) + 5);
  };
  timer = window.setTimeout(tick, 1000 - (serverNow() % 1000) + 5);
  const stop = onOffsetChange(notify);
  return () => {
    window.clearTimeout(timer);
    stop();
  };
};

const nowToSecond = () => Math.floor(serverNow() / 1000) * 1000;

/** The server's current time, updated every second. */
export const useServerNow = (): number => useSyncExternalStore(subscribeSecond, nowToSecond);

/** Sets the document title for the page. */
export const useTitle = (title: string): void => {
  useEffect(() => {
    document.title = title ? `${title} · Lucky Day` : 'Lucky Day';
  }, [title]);
};
