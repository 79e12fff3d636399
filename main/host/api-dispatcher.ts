// The one entry both transports call: Electron IPC (main/ipc) and the headless HTTP host
// (./http-host.ts). A call is checked and validated here before anything runs, so a bad call gets
// the same INVALID_ARGUMENT answer either way and changes nothing; whatever the call throws comes
// back as a plain ApiErrorBody.
import type { ApiArgs, ApiMethod, ApiResult, HttpAnswer, OxbowApi } from '../contract/index.js';
import { isApiMethod, validateArguments } from '../contract/schemas.js';
import { type ErrorLog, toErrorBody } from './api-error.js';

/** What answers the contract's calls: the embedded cluster host today, an external connection next. */
export type ApiHandlers = { [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiResult<M>> };

/** A backend both transports serve: the calls, the push channel, and its own shutdown. */
export type ApiBackend = OxbowApi & {
  /** Stops what the backend runs (samplers, client connections); the cluster itself is the caller's. */
  close(): Promise<void>;
};

const defaultLog: ErrorLog = (message, err) => console.error(`oxbow: ${message}:`, err);

/**
 * Runs `method` on `backend` with `rawArgs` as received (untrusted: any JSON or structured-clone
 * value). Never throws; the answer is what the HTTP host sends as its body.
 */
export async function dispatch(
  backend: ApiHandlers,
  method: string,
  rawArgs: unknown,
  log: ErrorLog = defaultLog,
): Promise<HttpAnswer<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'NOT_FOUND', message: `There is no API method named ${JSON.stringify(method)}.` } };
  }
  const validated = validateArguments(method, rawArgs);
  if (!validated.ok) return { ok: false, error: validated.error };
  try {
    // The method and its validated arguments belong together; TypeScript cannot see that across a union.
    const call = backend[method] as (args: unknown) => Promise<unknown>;
    const result = await call.call(backend, validated.args);
    return { ok: true, result: result ?? null };
  } catch (err) {
    return { ok: false, error: toErrorBody(err, log) };
  }
}
