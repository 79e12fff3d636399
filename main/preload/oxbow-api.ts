// The contract as the window sees it (`window.oxbow`): one function per contract method, each an
// `ipcRenderer.invoke` on that method's channel, plus `subscribe` for pushed events.
//
// Invariant: nothing here hands the page an Electron object. The page gets plain functions; a push
// listener receives the PushEvent alone, never the IpcRendererEvent (whose `sender` is ipcRenderer).
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { API_METHODS, PUSH_CHANNEL, channelOf } from '../contract/index.js';
import type { ApiErrorBody, HttpAnswer, OxbowApi, PushEvent } from '../contract/index.js';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * The answer of one call: its result, or a rejection with the ApiErrorBody itself, as plain data.
 * NB: not an Error: contextBridge rebuilds an Error that crosses it from its message alone, dropping
 * code, kafkaCode and issues; a plain object is copied whole (renderer/api makes it its ApiError).
 */
export function unwrapAnswer(method: string, answer: unknown): unknown {
  if (isAnswer(answer)) {
    if (answer.ok) return answer.result;
    throw errorBody(answer.error);
  }
  throw errorBody({ code: 'INTERNAL', message: `The main process sent a malformed answer to ${method}.` });
}

export function createOxbowApi(ipc: PreloadIpc): OxbowApi {
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = async (args: unknown) => {
      let answer: unknown;
      try {
        answer = await ipc.invoke(channelOf(method), args);
      } catch (err) {
        // Not the backend's answer: IPC itself failed (no handler yet, arguments that cannot be cloned).
        throw errorBody({ code: 'UNAVAILABLE', message: `${method} did not reach the main process: ${err instanceof Error ? err.message : String(err)}` });
      }
      return unwrapAnswer(method, answer);
    };
  }
  api.subscribe = (listener: (event: PushEvent) => void): (() => void) => {
    const onPush = (_event: IpcRendererEvent, pushed: PushEvent) => listener(pushed);
    ipc.on(PUSH_CHANNEL, onPush);
    return () => {
      ipc.removeListener(PUSH_CHANNEL, onPush);
    };
  };
  return Object.freeze(api) as OxbowApi;
}

/** A fresh plain object with the body's fields only, whatever else the sender put in it. */
function errorBody({ code, message, kafkaCode, issues }: ApiErrorBody): ApiErrorBody {
  const body: ApiErrorBody = { code, message: String(message) };
  if (kafkaCode !== undefined) body.kafkaCode = kafkaCode;
  if (issues !== undefined) body.issues = issues;
  return body;
}

function isAnswer(value: unknown): value is HttpAnswer<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  if (value.ok === true) return 'result' in value;
  return value.ok === false && 'error' in value && typeof value.error === 'object' && value.error !== null;
}
