// The window opens while the cluster is still starting: calls made meanwhile wait for the backend
// instead of failing, and fail with UNAVAILABLE if it never comes up.
import { API_METHODS } from '../contract/index.js';
import type { ApiBackend } from '../host/api-dispatcher.js';
import type { ApiHandlers } from '../host/api-dispatcher.js';
import { apiError } from '../host/api-error.js';

/** The backend the app runs, and how to stop it together with its cluster. */
export interface RunningBackend {
  backend: ApiBackend;
  /** Stops the backend, then closes the cluster: logs flushed and checkpointed. */
  close(): Promise<void>;
}

export function deferredHandlers(starting: Promise<RunningBackend>): ApiHandlers {
  const handlers: Record<string, (args: unknown) => Promise<unknown>> = {};
  for (const method of API_METHODS) {
    handlers[method] = async (args) => {
      let backend: ApiBackend;
      try {
        ({ backend } = await starting);
      } catch (err) {
        throw apiError('UNAVAILABLE', `The embedded cluster did not start: ${err instanceof Error ? err.message : String(err)}`);
      }
      const call = backend[method] as (args: unknown) => Promise<unknown>;
      return call.call(backend, args);
    };
  }
  return handlers as ApiHandlers;
}
