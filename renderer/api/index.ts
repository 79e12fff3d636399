// The only module of the renderer that touches the backend. In the Electron window the preload
// puts the contract on `window.oxbow`; in a browser (headless mode) the same calls go over HTTP.
// Either way a failed call rejects with an ApiError.
import type { ApiArgs, ApiMethod, OxbowApi } from '../../main/contract/index.js';
import { toApiError } from './api-error.js';
import { createHttpApi } from './http-client.js';
import { METHODS } from './methods.js';

declare global {
  interface Window {
    oxbow?: OxbowApi;
  }
}

export { ApiError, toApiError } from './api-error.js';
export { createHttpApi } from './http-client.js';

let httpApi: OxbowApi | null = null;
const wrapped = new WeakMap<OxbowApi, OxbowApi>();

/** IPC rejections arrive as whatever the preload threw; callers get an ApiError either way. */
function withApiErrors(raw: OxbowApi): OxbowApi {
  const client = { subscribe: (listener) => raw.subscribe(listener) } as OxbowApi;
  for (const method of METHODS) {
    const call = raw[method] as (args: ApiArgs<ApiMethod>) => Promise<unknown>;
    (client as Record<ApiMethod, unknown>)[method] = (args: ApiArgs<ApiMethod>) =>
      call.call(raw, args).catch((err: unknown) => {
        throw toApiError(err);
      });
  }
  return client;
}

/** The backend of this window. Reads `window.oxbow` on every call, so a test can swap it. */
export function api(): OxbowApi {
  const bridged = window.oxbow;
  if (bridged) {
    let client = wrapped.get(bridged);
    if (!client) {
      client = withApiErrors(bridged);
      wrapped.set(bridged, client);
    }
    return client;
  }
  httpApi ??= createHttpApi();
  return httpApi;
}
