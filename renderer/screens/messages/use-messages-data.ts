// The messages screen's other reads: topics to pick from, a topic's partitions, one record in full,
// the partition time map, and the produce call.
import { useEffect, useRef, useState } from 'react';
import type { ApiArgs, MessageRecord } from '../../../main/contract/index.js';
import { api, toApiError, type ApiError } from '../../api/index.js';
import { onTopicsChange, useApiQuery } from '../../hooks/use-api-query.js';
import { isTruncated } from './export-run.js';

export function useTopicChoices() {
  return useApiQuery('messages:topics', (b) => b.listTopics({ includeInternal: true }), { refetchOn: onTopicsChange });
}

export function useTopicPartitions(topic: string) {
  return useApiQuery(`messages:topic:${topic}`, (b) => b.describeTopic({ name: topic }), { refetchOn: onTopicsChange });
}

/** Read again whenever `refresh` changes (each new browse), keeping the last map on screen meanwhile. */
export function useTimeMap(topic: string, partition: number, refresh: number) {
  const query = useApiQuery(`messages:timemap:${topic}:${partition}`, (b) => b.partitionTimeMap({ topic, partition, buckets: 60 }));
  const { refetch } = query;
  const first = useRef(refresh);
  useEffect(() => {
    if (refresh !== first.current) refetch();
  }, [refresh, refetch]);
  return query;
}

export type FullRecord = { record: MessageRecord; loading: boolean; error: ApiError | undefined };

/** `record` as listed, replaced by the full record (getMessage) when any of its fields is a truncated preview. */
export function useFullRecord(topic: string, record: MessageRecord | null): FullRecord | null {
  const [full, setFull] = useState<{ of: MessageRecord; record?: MessageRecord; error?: ApiError } | null>(null);
  useEffect(() => {
    if (!record || !isTruncated(record)) return;
    let live = true;
    api().getMessage({ topic, partition: record.partition, offset: record.offset }).then(
      (answer) => {
        if (!live) return;
        if (answer) setFull({ of: record, record: answer });
        else setFull({ of: record, error: toApiError({ code: 'NOT_FOUND', message: 'The record is no longer on the cluster (retention or compaction); showing the preview.' }) });
      },
      (err: unknown) => live && setFull({ of: record, error: toApiError(err) }),
    );
    return () => {
      live = false;
    };
  }, [topic, record]);
  if (!record) return null;
  if (!isTruncated(record)) return { record, loading: false, error: undefined };
  const mine = full?.of === record ? full : null;
  return { record: mine?.record ?? record, loading: !mine, error: mine?.error };
}

export const produce = (args: ApiArgs<'produceMessage'>) => api().produceMessage(args);
export const fetchRecord = (topic: string, partition: number, offset: number) => api().getMessage({ topic, partition, offset });
