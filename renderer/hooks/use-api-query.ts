// The screens' one way to read the backend: load once, poll while the page is visible, and
// refetch when a pushed event says what is shown changed. Keeps the last good data through a
// failed refresh, so a blip shows an error beside the data instead of blanking the screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { OxbowApi, PushEvent } from '../../main/contract/index.js';
import { api, toApiError, type ApiError } from '../api/index.js';
import { usePush } from './use-push.js';

export interface QueryOptions {
  /** Poll period; none when omitted. */
  pollMs?: number;
  /** Which pushed events make this query stale. */
  refetchOn?: (event: PushEvent) => boolean;
}

export interface QueryState<T> {
  data: T | undefined;
  error: ApiError | undefined;
  /** True until the first answer (success or failure) for the current key. */
  loading: boolean;
  refetch: () => void;
}

// A burst of pushed events (a broker kill re-elects many leaders) becomes one refetch.
const PUSH_COALESCE_MS = 150;

/** Reads `load(api())`; a new `key` starts over (the old answer is dropped). */
export function useApiQuery<T>(key: string, load: (backend: OxbowApi) => Promise<T>, options: QueryOptions = {}): QueryState<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError; settled: boolean }>({ key, settled: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  const sequence = useRef(0);
  const pushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refetch = useCallback(() => {
    const mine = ++sequence.current;
    loadRef.current(api()).then(
      (data) => {
        if (mine === sequence.current) setState({ key, data, settled: true });
      },
      (err: unknown) => {
        if (mine === sequence.current) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error: toApiError(err), settled: true }));
      },
    );
  }, [key]);

  useEffect(() => {
    refetch();
    if (!options.pollMs) return;
    const timer = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) refetch();
    }, options.pollMs);
    return () => clearInterval(timer);
  }, [refetch, options.pollMs]);

  useEffect(() => () => {
    if (pushTimer.current) clearTimeout(pushTimer.current);
    sequence.current++; // Answers after unmount are dropped.
  }, []);

  usePush((event) => {
    if (!options.refetchOn?.(event) || pushTimer.current) return;
    pushTimer.current = setTimeout(() => {
      pushTimer.current = null;
      refetch();
    }, PUSH_COALESCE_MS);
  });

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || !state.settled,
    refetch,
  };
}

/** The usual staleness rule: anything about the brokers or the cluster's timeline. */
export const onClusterChange = (event: PushEvent): boolean =>
  event.kind === 'cluster' || (event.kind === 'changed' && event.what === 'brokers');

export const onTopicsChange = (event: PushEvent): boolean =>
  (event.kind === 'changed' && event.what === 'topics') ||
  (event.kind === 'cluster' && (event.event.type === 'topicCreated' || event.event.type === 'topicDeleted' || event.event.type === 'isrChanged' || event.event.type === 'leaderElected' || event.event.type === 'partitionOffline'));
