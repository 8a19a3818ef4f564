import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import useInterval from 'react-use/esm/useInterval';
import { usePageVisible } from './usePageVisible';

/** How often live views refresh. */
export const POLL_INTERVAL_MS = 10_000;

/** The latest answer of a polled request. */
export interface PolledState<T> {
  /** The last successful answer, kept while a later refresh fails. */
  value?: T;
  /** The error of the latest attempt, if it failed. */
  error?: Error;
  /** True until the first attempt for the current inputs has settled. */
  loading: boolean;
  refresh: () => void;
}

/**
 * Runs `fetcher` now, whenever `deps` change and then every interval while
 * the tab is visible, so views refresh without a reload. Answers to
 * superseded requests are dropped so a slow reply cannot overwrite a newer one.
 */
export function usePolling<T>(
  fetcher: () => Promise<T>,
  deps: DependencyList,
  intervalMs: number = POLL_INTERVAL_MS,
): PolledState<T> {
  const [state, setState] = useState<Omit<PolledState<T>, 'refresh'>>({
    loading: true,
  });
  const latest = useRef(0);
  const visible = usePageVisible();

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(fetcher, deps);

  const refresh = useCallback(() => {
    const id = ++latest.current;
    run().then(
      value => {
        if (id === latest.current) setState({ value, loading: false });
      },
      error => {
        if (id !== latest.current) return;
        setState(prev => ({
          value: prev.value,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }));
      },
    );
  }, [run]);

  useEffect(() => {
    setState({ loading: true });
    refresh();
  }, [refresh]);

  const wasVisible = useRef(visible);
  useEffect(() => {
    if (visible && !wasVisible.current) refresh();
    wasVisible.current = visible;
  }, [visible, refresh]);

  useInterval(refresh, visible ? intervalMs : null);

  return { ...state, refresh };
}
