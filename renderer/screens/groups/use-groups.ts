// The groups screens' data: the list and one group, refetched when a lag sample is evaluated
// (groupHealth, every few seconds) or a group changes; the lag chart's points per window.
import type { ApiArgs, OffsetResetSpec, PushEvent } from '../../../main/contract/index.js';
import { api } from '../../api/index.js';
import { useApiQuery } from '../../hooks/use-api-query.js';

/** The chart windows, as the contract's LAG_WINDOWS_MS (the renderer imports only types from it). */
export const LAG_WINDOWS = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type LagWindow = keyof typeof LAG_WINDOWS;
/** Enough for a smooth line on a wide screen; the backend keeps each bucket's low and high. */
const CHART_POINTS = 400;

export const onGroupsChange = (event: PushEvent): boolean =>
  event.kind === 'groupHealth' || (event.kind === 'changed' && event.what === 'groups');

export const onGroupChange = (groupId: string) => (event: PushEvent): boolean =>
  (event.kind === 'groupHealth' && event.groupId === groupId) || (event.kind === 'changed' && event.what === 'groups');

export function useGroupList() {
  return useApiQuery('groups', (b) => b.listGroups({}), { pollMs: 10_000, refetchOn: onGroupsChange });
}

export function useGroupDetail(groupId: string) {
  return useApiQuery(`group:${groupId}`, (b) => b.describeGroup({ groupId }), { pollMs: 10_000, refetchOn: onGroupChange(groupId) });
}

/** A group's lag over the window (the whole group, or one partition when given). */
export function useLagHistory(groupId: string, window: LagWindow, partition: { topic: string; partition: number } | null) {
  const scope = partition ? `${partition.topic}\u0000${partition.partition}` : '';
  return useApiQuery(
    `lag:${groupId}:${window}:${scope}`,
    (b) => {
      const to = Date.now();
      const args: ApiArgs<'lagHistory'> = { groupId, from: Math.max(0, to - LAG_WINDOWS[window]), to, maxPoints: CHART_POINTS };
      return b.lagHistory(partition ? { ...args, topic: partition.topic, partition: partition.partition } : args);
    },
    { pollMs: 15_000, refetchOn: onGroupChange(groupId) },
  );
}

export const groupChanges = {
  preview: (groupId: string, topics: string[], spec: OffsetResetSpec) => api().previewOffsetReset({ groupId, topics, spec }),
  reset: (groupId: string, topics: string[], spec: OffsetResetSpec) => api().resetOffsets({ groupId, topics, spec }),
  remove: (groupId: string) => api().deleteGroup({ groupId }),
};
