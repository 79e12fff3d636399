// Connections: the embedded cluster and external Kafka clusters, and which one is selected.
import type { ApiHandlers } from '../api-dispatcher.js';
import { apiError } from '../api-error.js';
import type { Closable, HostContext } from '../host-context.js';

export type ConnectionMethods = Pick<ApiHandlers, 'listConnections' | 'saveConnection' | 'testConnection' | 'removeConnection' | 'selectConnection'>;

export function createConnectionMethods(_ctx: HostContext): ConnectionMethods & Closable {
  const pending = (): never => {
    throw apiError('UNSUPPORTED', 'External connections are not built yet.');
  };
  return {
    listConnections: async () => pending(),
    saveConnection: async () => pending(),
    testConnection: async () => pending(),
    removeConnection: async () => pending(),
    selectConnection: async () => pending(),
    close: async () => {},
  };
}
