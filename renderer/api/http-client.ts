// The contract over HTTP, for the headless host: `POST /api/<method>` with the arguments as the
// JSON body, answered by HttpAnswer JSON; pushed events arrive over one shared EventSource.
import type { ApiArgs, ApiMethod, ApiResult, HttpAnswer, OxbowApi } from '../../main/contract/index.js';
import { ApiError, isApiErrorBody } from './api-error.js';
import { EventStream } from './event-stream.js';
import { METHODS } from './methods.js';

export interface HttpClientOptions {
  /** Prefix of every URL; '' means the page's own origin (the host serves the UI and the API together). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Builds the event source; tests pass a fake. */
  createEventSource?: (url: string) => EventSource;
}

async function readAnswer(response: Response, method: ApiMethod): Promise<HttpAnswer<unknown>> {
  const text = await response.text();
  try {
    const answer = JSON.parse(text) as unknown;
    if (typeof answer === 'object' && answer !== null && 'ok' in answer) return answer as HttpAnswer<unknown>;
  } catch {
    // Not JSON: a proxy's or a crashed host's page. Reported below with the status.
  }
  return {
    ok: false,
    error: { code: response.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE', message: `${method}: the host answered HTTP ${response.status} without an API answer.` },
  };
}

export function createHttpApi(options: HttpClientOptions = {}): OxbowApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const stream = new EventStream(`${baseUrl}/api/events`, options.createEventSource ?? ((url) => new EventSource(url)));

  async function call<M extends ApiMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(args ?? {}),
      });
    } catch (err) {
      throw new ApiError({ code: 'UNAVAILABLE', message: `Cannot reach the Oxbow host (${err instanceof Error ? err.message : String(err)}).` });
    }
    const answer = await readAnswer(response, method);
    if (answer.ok) return answer.result as ApiResult<M>;
    throw new ApiError(isApiErrorBody(answer.error) ? answer.error : { code: 'INTERNAL', message: `${method} failed with a malformed error answer.` });
  }

  const client = { subscribe: (listener) => stream.subscribe(listener) } as OxbowApi;
  for (const method of METHODS) {
    (client as Record<ApiMethod, unknown>)[method] = (args: ApiArgs<typeof method>) => call(method, args);
  }
  return client;
}
