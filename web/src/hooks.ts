import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { onOffsetChange, serverNow } from './server-clock';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetches again, keeping the current data on screen meanwhile. */
  reload: () => void;
  /** Replaces the data locally (after a write that returned the new value). */
  set: (data: T) => void;
}

/**
 * Loads something when `key` changes; aborts the previous load. Data from the previous key stays
 * visible while the next loads (no flash of empty content); errors replace it.
 */
export const useResource = <T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): Resource<T> => {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: unknown }>({
    key: null,
  });
  const [loading, setLoading] = useState(key !== null);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return;
        setState({ key, data });
        setLoading(false);
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ key, error });
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const set = useCallback((data: T) => setState((s) => ({ key: s.key, data })), []);
  return { data: state.data, error: state.error, loading, reload, set };
};

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
