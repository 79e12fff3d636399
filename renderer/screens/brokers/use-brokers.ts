import { useCallback, useState } from 'react';
import type { PushEvent } from '../../../main/contract/index.js';
import { api, toApiError, type ApiError } from '../../api/index.js';
import { onClusterChange, useApiQuery } from '../../hooks/use-api-query.js';
import { useLiveEvents } from '../../hooks/use-live-events.js';
import { ACTION_METHOD, type BrokerAction } from './broker-actions.js';

const TIMELINE_LIMIT = 300;
const onReconnect = (e: PushEvent) => e.kind === 'changed';

/** The brokers and where every replica lives; polled, and refetched as soon as the cluster reports a change. */
export function useClusterMap() {
  return useApiQuery('cluster-map', (b) => b.getClusterMap({}), { pollMs: 2_000, refetchOn: onClusterChange });
}

const onConnectionsChange = (e: PushEvent) => e.kind === 'changed' && e.what === 'connections';

export function useConnection() {
  return useApiQuery('connection', (b) => b.getConnection({}), { refetchOn: onConnectionsChange });
}

/** An external cluster's brokers, as it lists them (no states beyond "listed", no disk). */
export function useExternalBrokers() {
  return useApiQuery('external-brokers', (b) => b.listBrokers({}), { pollMs: 5_000, refetchOn: onConnectionsChange });
}

/** The event timeline, newest first: fetched once, then live from pushed events. */
export function useTimeline() {
  const query = useApiQuery('events', (b) => b.listEvents({ limit: TIMELINE_LIMIT }), { refetchOn: onReconnect });
  const events = useLiveEvents(query.data, TIMELINE_LIMIT);
  return { ...query, events };
}

export type ControlTarget = number | 'cluster' | 'coordinator';

/** Runs broker and coordinator controls; remembers which target is busy and the last failure. */
export function useBrokerControls(onDone: () => void) {
  const [busy, setBusy] = useState<ReadonlySet<ControlTarget>>(new Set());
  const [error, setError] = useState<{ what: string; error: ApiError } | null>(null);

  const track = useCallback(async (target: ControlTarget, what: string, call: () => Promise<unknown>) => {
    setBusy((s) => new Set(s).add(target));
    setError(null);
    try {
      await call();
    } catch (err) {
      setError({ what, error: toApiError(err) });
    } finally {
      setBusy((s) => {
        const next = new Set(s);
        next.delete(target);
        return next;
      });
      onDone();
    }
  }, [onDone]);

  const runBroker = useCallback((action: BrokerAction, brokerId: number) =>
    track(brokerId, `${action} broker ${brokerId}`, () => api()[ACTION_METHOD[action]]({ brokerId })), [track]);
  const addBroker = useCallback(() => track('cluster', 'add a broker', () => api().addBroker({})), [track]);
  const restartCoordinator = useCallback((kill: boolean) =>
    track('coordinator', `${kill ? 'kill and restart' : 'restart'} the coordinator`, () => api().restartCoordinator({ kill })), [track]);

  return { busy, error, clearError: () => setError(null), runBroker, addBroker, restartCoordinator };
}
