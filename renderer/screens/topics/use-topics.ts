import type { ApiArgs, PushEvent } from '../../../main/contract/index.js';
import { api } from '../../api/index.js';
import { onTopicsChange, useApiQuery } from '../../hooks/use-api-query.js';

const onBrokersChange = (e: PushEvent) => e.kind === 'changed' && e.what === 'brokers';

/** Every topic, internal ones included: the screen filters, so flipping "Show internal" needs no refetch. */
export function useTopicList() {
  return useApiQuery('topics', (b) => b.listTopics({ includeInternal: true }), { pollMs: 10_000, refetchOn: onTopicsChange });
}

/** How many brokers there are: the ceiling of a replication factor. */
export function useBrokerCount(): number {
  const { data } = useApiQuery('broker-count', (b) => b.listBrokers({}), { refetchOn: onBrokersChange });
  return data?.length ?? 0;
}

export function useTopicDetail(name: string) {
  return useApiQuery(`topic:${name}`, (b) => b.describeTopic({ name }), { pollMs: 5_000, refetchOn: onTopicsChange });
}

// The changes a topic screen makes; each screen wraps them in useAction for pending/error state.
export const topicChanges = {
  create: (args: ApiArgs<'createTopic'>) => api().createTopic(args),
  remove: (name: string) => api().deleteTopic({ name }),
  setConfig: (name: string, config: string, value: string) => api().alterTopicConfigs({ name, set: { [config]: value } }),
  resetConfig: (name: string, config: string) => api().alterTopicConfigs({ name, reset: [config] }),
  addPartitions: (name: string, totalCount: number) => api().createPartitions({ name, totalCount }),
};
