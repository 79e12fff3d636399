import type { ApiArgs, PushEvent } from '../../../main/contract/index.js';
import { api } from '../../api/index.js';
import { useApiQuery } from '../../hooks/use-api-query.js';

export const onConnectionsChange = (e: PushEvent): boolean => e.kind === 'changed' && e.what === 'connections';

/** The saved connections, the embedded cluster first. */
export function useConnectionList() {
  return useApiQuery('connections', (b) => b.listConnections({}), { refetchOn: onConnectionsChange });
}

/** The selected connection: what every screen is showing. */
export function useSelectedConnection() {
  return useApiQuery('connection', (b) => b.getConnection({}), { refetchOn: onConnectionsChange });
}

/** True while an external cluster is selected: the engine-only parts of the UI hide. */
export function useIsExternal(): boolean {
  return useSelectedConnection().data?.kind === 'external';
}

// The changes the connections screen makes; each caller wraps them in useAction for pending/error state.
export const connectionChanges = {
  save: (args: ApiArgs<'saveConnection'>) => api().saveConnection(args),
  test: (args: ApiArgs<'testConnection'>) => api().testConnection(args),
  remove: (id: string) => api().removeConnection({ id }),
  select: (id: string) => api().selectConnection({ id }),
};
