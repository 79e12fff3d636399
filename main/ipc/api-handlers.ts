// One ipcMain.handle per contract method. Every call is answered with the HttpAnswer shape the
// headless host sends (`{ ok, result }` or `{ ok: false, error }`): errors cross as a plain
// ApiErrorBody, never as a thrown Error, which Electron would reduce to its message.
//
// Invariant: a call from a foreign sender, or with bad arguments, reaches no backend method.
// Argument validation is the shared dispatcher's (main/host/api-dispatcher.ts), so IPC and HTTP
// answer a bad call alike.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { API_METHODS, channelOf } from '../contract/index.js';
import type { ApiMethod, HttpAnswer } from '../contract/index.js';
import { type ApiHandlers, dispatch } from '../host/api-dispatcher.js';
import type { ErrorLog } from '../host/api-error.js';
import type { SenderCheck } from './sender-check.js';

export type IpcLog = (message: string) => void;

export interface ApiHandlerOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  backend: ApiHandlers;
  isTrustedSender: SenderCheck;
  /** Refused calls. */
  log?: IpcLog;
  /** Calls that failed unexpectedly (the dispatcher's log; console.error unless given). */
  errorLog?: ErrorLog;
}

/** Registers every channel; returns the function that removes them again. */
export function registerApiHandlers({ ipcMain, backend, isTrustedSender, log = console.warn, errorLog }: ApiHandlerOptions): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(channelOf(method), (event: IpcMainInvokeEvent, ...args: unknown[]) => {
      if (!isTrustedSender(event)) {
        log(`oxbow: refused ${method} from ${describeSender(event)}`);
        return refusal(method, 'Oxbow answers only its own window.', '(sender)');
      }
      // The preload always sends exactly one argument object.
      if (args.length > 1) return refusal(method, `Expected one argument object, got ${args.length} arguments.`, '(arguments)');
      return dispatch(backend, method, args[0], errorLog);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(channelOf(method));
  };
}

function refusal(method: ApiMethod, why: string, path: string): HttpAnswer<never> {
  return { ok: false, error: { code: 'INVALID_ARGUMENT', message: `Refused ${method}: ${why}`, issues: [{ path, message: why }] } };
}

function describeSender(event: IpcMainInvokeEvent): string {
  const url = event.senderFrame?.url ?? '(a destroyed frame)';
  return `webContents ${event.sender.id} at ${url.slice(0, 200)}`;
}
