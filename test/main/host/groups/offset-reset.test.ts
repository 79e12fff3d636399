// The reset maths, as Kafka's kafka-consumer-groups.sh --reset-offsets: each spec's target,
// clamped to [earliest, latest]; a shift only where there is a commit to shift from.
import { describe, expect, it } from 'vitest';
import { type ResetInput, resetTargets } from '../../../../main/host/groups/offset-reset.js';

// p0: log 0..100, committed 40; p1: log 50..80 (older records deleted), committed 60; p2: log 0..10, no commit.
const partitions: ResetInput[] = [
  { topic: 'orders', partition: 1, current: 60, earliest: 50, latest: 80, atTimestamp: 70 },
  { topic: 'orders', partition: 0, current: 40, earliest: 0, latest: 100, atTimestamp: 90 },
  { topic: 'orders', partition: 2, current: -1, earliest: 0, latest: 10 },
];
const targets = (spec: Parameters<typeof resetTargets>[0]) => resetTargets(spec, partitions).map((t) => [t.partition, t.currentOffset, t.targetOffset]);

describe('offset reset targets', () => {
  it('goes to the earliest or the latest offset of each partition', () => {
    expect(targets({ kind: 'earliest' })).toEqual([[0, 40, 0], [1, 60, 50], [2, -1, 0]]);
    expect(targets({ kind: 'latest' })).toEqual([[0, 40, 100], [1, 60, 80], [2, -1, 10]]);
  });

  it('goes to the first offset at or after a timestamp, the latest where none is', () => {
    expect(targets({ kind: 'timestamp', timestamp: 1 })).toEqual([[0, 40, 90], [1, 60, 70], [2, -1, 10]]);
  });

  it('clamps a given offset to what each log holds', () => {
    expect(targets({ kind: 'offset', offset: 65 })).toEqual([[0, 40, 65], [1, 60, 65], [2, -1, 10]]);
    expect(targets({ kind: 'offset', offset: 20 })).toEqual([[0, 40, 20], [1, 60, 50], [2, -1, 10]]);
    expect(targets({ kind: 'offset', offset: 1_000 })).toEqual([[0, 40, 100], [1, 60, 80], [2, -1, 10]]);
  });

  it('shifts committed partitions, clamped both ways, and leaves uncommitted ones out', () => {
    expect(targets({ kind: 'shift', by: -5 })).toEqual([[0, 40, 35], [1, 60, 55]]);
    expect(targets({ kind: 'shift', by: -15 })).toEqual([[0, 40, 25], [1, 60, 50]]);
    expect(targets({ kind: 'shift', by: 50 })).toEqual([[0, 40, 90], [1, 60, 80]]);
    expect(targets({ kind: 'shift', by: -1_000 })).toEqual([[0, 40, 0], [1, 60, 50]]);
    expect(resetTargets({ kind: 'shift', by: 1 }, [partitions[2]])).toEqual([]);
  });

  it('answers by topic then partition', () => {
    const mixed: ResetInput[] = [
      { topic: 'b', partition: 0, current: 1, earliest: 0, latest: 5 },
      { topic: 'a', partition: 1, current: 1, earliest: 0, latest: 5 },
      { topic: 'a', partition: 0, current: 1, earliest: 0, latest: 5 },
    ];
    expect(resetTargets({ kind: 'latest' }, mixed).map((t) => `${t.topic}-${t.partition}`)).toEqual(['a-0', 'a-1', 'b-0']);
  });
});
