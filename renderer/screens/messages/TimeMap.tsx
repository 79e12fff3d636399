// Records per time bucket of one partition, as bars; a click jumps the browser to the bucket's
// first offset. The counts come from the time index (partitionTimeMap), not from a scan.
import { Group, Paper, Text, Tooltip } from '@mantine/core';
import type { PartitionTimeMap, TimeBucket } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { formatTimestamp } from './time.js';
import { useTimeMap } from './use-messages-data.js';
import './messages.css';

export function TimeMapBars({ map, onPick }: { map: PartitionTimeMap; onPick: (bucket: TimeBucket) => void }) {
  const max = Math.max(1, ...map.buckets.map((b) => b.count));
  if (map.buckets.length === 0) return <Text size="sm" c="dimmed" data-testid="timemap-empty">No records in this partition.</Text>;
  const first = map.buckets[0];
  const last = map.buckets[map.buckets.length - 1];
  return (
    <div>
      <div className="oxbow-timemap" data-testid="timemap">
        {map.buckets.map((b, i) => (
          <Tooltip key={b.from} label={`${formatTimestamp(b.from)} – ${formatTimestamp(b.to)}: ${formatCount(b.count)} records from offset ${b.firstOffset}`} openDelay={150}>
            <button type="button" className="oxbow-timemap-bucket" data-empty={b.count === 0} data-testid={`timemap-bucket-${i}`}
              aria-label={`${formatCount(b.count)} records from ${formatTimestamp(b.from)}, offset ${b.firstOffset}`} onClick={() => onPick(b)}>
              <div className="oxbow-timemap-bar" style={{ height: `${(b.count / max) * 100}%` }} />
            </button>
          </Tooltip>
        ))}
      </div>
      <Group justify="space-between" mt={4}>
        <Text size="xs" c="dimmed" className="oxbow-mono">{formatTimestamp(first.from)}</Text>
        <Text size="xs" c="dimmed" className="oxbow-mono">{formatTimestamp(last.to)}</Text>
      </Group>
    </div>
  );
}

export function TimeMapPanel({ topic, partition, refresh, onJump }: {
  topic: string;
  partition: number;
  refresh: number;
  onJump: (partition: number, offset: number) => void;
}) {
  const map = useTimeMap(topic, partition, refresh);
  return (
    <Paper withBorder p="sm" data-testid="timemap-panel">
      <Group justify="space-between" mb={6}>
        <Text size="sm" fw={600}>Partition {partition} over time</Text>
        {map.data && (
          <Text size="xs" c="dimmed" className="oxbow-mono">offsets {map.data.earliestOffset} – {map.data.latestOffset}</Text>
        )}
      </Group>
      {map.error && !map.data && <ErrorAlert error={map.error} title="Could not load the time map" testId="timemap-error" />}
      {map.data && <TimeMapBars map={map.data} onPick={(b) => onJump(partition, b.firstOffset)} />}
      {map.loading && !map.data && <Text size="sm" c="dimmed">Loading…</Text>}
    </Paper>
  );
}
