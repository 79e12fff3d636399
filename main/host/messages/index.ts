// The message browser, the produce form and the partition time map, on the selected connection.
import type { ApiHandlers } from '../api-dispatcher.js';
import { apiError } from '../api-error.js';
import type { Closable, HostContext } from '../host-context.js';

export type MessageMethods = Pick<ApiHandlers, 'seekMessages' | 'readMessages' | 'getMessage' | 'produceMessage' | 'partitionTimeMap'>;

export function createMessageMethods(_ctx: HostContext): MessageMethods & Closable {
  const pending = (): never => {
    throw apiError('UNSUPPORTED', 'The message browser is not built yet.');
  };
  return {
    seekMessages: async () => pending(),
    readMessages: async () => pending(),
    getMessage: async () => pending(),
    produceMessage: async () => pending(),
    partitionTimeMap: async () => pending(),
    close: async () => {},
  };
}
