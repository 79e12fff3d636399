import { useCallback, useRef, useState } from 'react';
import { toApiError, type ApiError } from '../api/index.js';

export type ActionOutcome<R> = { ok: true; result: R } | { ok: false; error: ApiError };

export interface ActionState<A extends unknown[], R> {
  /** Runs the action; never rejects (a failure is also kept in `error` for the view). */
  run: (...args: A) => Promise<ActionOutcome<R>>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/** A call that changes something (a broker control, a topic change): pending flag and the last error. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): ActionState<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const latest = useRef(action);
  latest.current = action;

  const run = useCallback(async (...args: A): Promise<ActionOutcome<R>> => {
    setPending(true);
    setError(undefined);
    try {
      return { ok: true, result: await latest.current(...args) };
    } catch (err) {
      const error = toApiError(err);
      setError(error);
      return { ok: false, error };
    } finally {
      setPending(false);
    }
  }, []);

  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
