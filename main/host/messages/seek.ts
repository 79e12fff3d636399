// seekMessages: where a read starts, per partition.
//   newest     max(earliest, latest - count): the last `count` records of each partition
//   oldest     earliest
//   offset     clamped to [earliest, latest]
//   timestamp  the first offset at or after it (ListOffsets by timestamp), latest when none is
import type { Consumer } from '@platformatic/kafka';
import type { ApiArgs, PartitionPosition } from '../../contract/index.js';
import { type OffsetRange, listOffsets, offsetRanges } from './offsets.js';
import { allPartitions, requirePartitions, requireUnique, topicLayout } from './topic-layout.js';

export const DEFAULT_NEWEST_COUNT = 100;

export function newestOffset(range: OffsetRange, count: number): number {
  return Math.max(range.earliest, range.latest - count);
}

export function clampOffset(offset: number, range: OffsetRange): number {
  return Math.min(Math.max(offset, range.earliest), range.latest);
}

/** ListOffsets answers -1 for a timestamp past every record: reading starts at the end then. */
export function offsetForTimestamp(found: number, latest: number): number {
  return found < 0 ? latest : Math.min(found, latest);
}

export async function seekMessages(consumer: Consumer, { topic, partitions, start, count }: ApiArgs<'seekMessages'>): Promise<PartitionPosition[]> {
  const layout = await topicLayout(consumer, topic);
  const chosen = partitions ? [...partitions].sort((a, b) => a - b) : allPartitions(layout);
  requireUnique(chosen);
  requirePartitions(layout, chosen);
  const at = (offsetOf: (p: number) => number): PartitionPosition[] => chosen.map((partition) => ({ partition, offset: offsetOf(partition) }));
  switch (start.kind) {
    case 'oldest': {
      const earliest = await listOffsets(consumer, topic, chosen, 'earliest');
      return at((p) => earliest.get(p)!);
    }
    case 'newest': {
      const ranges = await offsetRanges(consumer, topic, chosen);
      return at((p) => newestOffset(ranges.get(p)!, count ?? DEFAULT_NEWEST_COUNT));
    }
    case 'offset': {
      const ranges = await offsetRanges(consumer, topic, chosen);
      return at((p) => clampOffset(start.offset, ranges.get(p)!));
    }
    case 'timestamp': {
      const [found, latest] = await Promise.all([
        listOffsets(consumer, topic, chosen, { timestamp: start.timestamp }),
        listOffsets(consumer, topic, chosen, 'latest'),
      ]);
      return at((p) => offsetForTimestamp(found.get(p)!, latest.get(p)!));
    }
  }
}
