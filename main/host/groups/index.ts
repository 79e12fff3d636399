// Consumer groups, their lag and its health over time, on the selected connection.
import type { ApiHandlers } from '../api-dispatcher.js';
import { apiError } from '../api-error.js';
import type { Closable, HostContext } from '../host-context.js';

export type GroupMethods = Pick<ApiHandlers, 'listGroups' | 'describeGroup' | 'lagHistory' | 'previewOffsetReset' | 'resetOffsets' | 'deleteGroup'>;

export function createGroupMethods(_ctx: HostContext): GroupMethods & Closable {
  const pending = (): never => {
    throw apiError('UNSUPPORTED', 'Consumer groups are not built yet.');
  };
  return {
    listGroups: async () => pending(),
    describeGroup: async () => pending(),
    lagHistory: async () => pending(),
    previewOffsetReset: async () => pending(),
    resetOffsets: async () => pending(),
    deleteGroup: async () => pending(),
    close: async () => {},
  };
}
