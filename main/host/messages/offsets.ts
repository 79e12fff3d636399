// ListOffsets for the message browser: earliest, latest and by timestamp (Kafka's time index).
// Latest is the last stable offset (read_committed), as far as a page can read.
// A stale leader or one that cannot be reached (a broker stopped from the UI) gets one more try on
// fresh metadata: platformatic's own retry asks the same broker again.
import type { Consumer } from '@platformatic/kafka';
import { ApiError } from '../api-error.js';
import { STALE_METADATA_ERRORS, kafkaErrorName, toApiError } from './errors.js';

const READ_COMMITTED = 1;
const LATEST = -1n;
const EARLIEST = -2n;

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

/**
 * Offsets of `partitions` for `spec`. By timestamp: the first offset whose timestamp is at or after
 * it, or -1 when there is none.
 */
export async function listOffsets(consumer: Consumer, topic: string, partitions: readonly number[], spec: OffsetSpec): Promise<Map<number, number>> {
  if (partitions.length === 0) return new Map();
  const timestamp = spec === 'earliest' ? EARLIEST : spec === 'latest' ? LATEST : BigInt(spec.timestamp);
  const list = () => consumer.listOffsets({ topics: [topic], partitions: { [topic]: [...partitions] }, timestamp, isolationLevel: READ_COMMITTED });
  let answer;
  try {
    answer = await list();
  } catch (err) {
    if (!worthRetrying(err, topic)) throw toApiError(err, topic);
    consumer.clearMetadata();
    try {
      answer = await list();
    } catch (again) {
      throw toApiError(again, topic);
    }
  }
  const offsets = answer.get(topic) ?? [];
  return new Map(partitions.map((p) => [p, Number(offsets[p] ?? -1n)]));
}

function worthRetrying(err: unknown, topic: string): boolean {
  if (STALE_METADATA_ERRORS.has(kafkaErrorName(err) ?? '')) return true;
  const mapped = toApiError(err, topic);
  return mapped instanceof ApiError && mapped.body.code === 'UNAVAILABLE';
}

export interface OffsetRange {
  earliest: number;
  latest: number;
}

export async function offsetRanges(consumer: Consumer, topic: string, partitions: readonly number[]): Promise<Map<number, OffsetRange>> {
  const [earliest, latest] = await Promise.all([listOffsets(consumer, topic, partitions, 'earliest'), listOffsets(consumer, topic, partitions, 'latest')]);
  return new Map(partitions.map((p) => [p, { earliest: earliest.get(p) ?? 0, latest: latest.get(p) ?? 0 }]));
}
