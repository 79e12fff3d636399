// A group's lag over time, from the history the backend keeps on disk (so it survives restarts):
// the whole group or one partition, in records or in time, over 5 minutes to 7 days.
// The container carries what it plots (data-points: [[at, value], ...]) for tests that read the
// chart rather than its SVG.
import { LineChart } from '@mantine/charts';
import { Group, NativeSelect, Paper, SegmentedControl, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { GroupPartitionLag, LagPoint } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { formatTimeLag } from './lag-format.js';
import { LAG_WINDOWS, type LagWindow, useLagHistory } from './use-groups.js';

export type LagScope = { topic: string; partition: number } | null;
type Metric = 'records' | 'time';

const scopeValue = (scope: LagScope) => (scope ? `${scope.partition}:${scope.topic}` : '');

function parseScope(value: string): LagScope {
  const colon = value.indexOf(':');
  return colon < 0 ? null : { partition: Number(value.slice(0, colon)), topic: value.slice(colon + 1) };
}

/** The plotted series: time lag has gaps where it was unknown, records never do. */
export function plotted(points: readonly LagPoint[], metric: Metric): [number, number][] {
  return points.flatMap((p): [number, number][] => {
    const value = metric === 'records' ? p.lag : p.timeLagMs;
    return value === null ? [] : [[p.at, value]];
  });
}

function clockLabel(at: number, range: LagWindow): string {
  const d = new Date(at);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  if (range === '5m') return `${hm}:${String(d.getSeconds()).padStart(2, '0')}`;
  if (range === '7d') return `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
  return hm;
}

export function LagChart({ groupId, partitions, scope, onScope }: {
  groupId: string;
  partitions: readonly Pick<GroupPartitionLag, 'topic' | 'partition'>[];
  scope: LagScope;
  onScope: (scope: LagScope) => void;
}) {
  const [range, setRange] = useState<LagWindow>('5m');
  const [metric, setMetric] = useState<Metric>('records');
  const history = useLagHistory(groupId, range, scope);
  const series = useMemo(() => plotted(history.data ?? [], metric), [history.data, metric]);
  const data = useMemo(() => series.map(([at, value]) => ({ at, value })), [series]);
  const format = metric === 'records' ? formatCount : (v: number) => formatTimeLag(v);
  const options = [
    { value: '', label: 'Whole group' },
    ...partitions.map((p) => ({ value: scopeValue(p), label: `${p.topic}-${p.partition}` })),
  ];
  // A partition gone from the group (offsets deleted) stays selectable while its chart is shown.
  if (scope && !options.some((o) => o.value === scopeValue(scope))) options.push({ value: scopeValue(scope), label: `${scope.topic}-${scope.partition}` });

  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="sm">
        <Title order={4}>Lag history</Title>
        <Group gap="sm" wrap="wrap">
          <NativeSelect size="xs" data={options} value={scopeValue(scope)} onChange={(e) => onScope(parseScope(e.currentTarget.value))}
            aria-label="Chart scope" data-testid="lag-chart-scope" />
          <SegmentedControl size="xs" value={metric} onChange={(v) => setMetric(v as Metric)} data-testid="lag-metric"
            data={[{ value: 'records', label: 'Records' }, { value: 'time', label: 'Time' }]} />
          <SegmentedControl size="xs" value={range} onChange={(v) => setRange(v as LagWindow)} data-testid="lag-window"
            data={Object.keys(LAG_WINDOWS)} />
        </Group>
      </Group>
      {history.error && <ErrorAlert error={history.error} title="Could not load the lag history" testId="lag-chart-error" />}
      <div data-testid="lag-chart" data-points={JSON.stringify(series)} data-window={range} data-metric={metric}
        data-scope={scope ? `${scope.topic}-${scope.partition}` : 'group'} data-loading={history.loading ? 'true' : 'false'}>
        {data.length > 1 ? (
          <LineChart
            h={240}
            data={data}
            dataKey="at"
            series={[{ name: 'value', label: metric === 'records' ? 'Lag (records)' : 'Lag (time)', color: metric === 'records' ? 'teal.6' : 'indigo.6' }]}
            curveType="linear"
            withDots={false}
            strokeWidth={1.5}
            lineProps={{ isAnimationActive: false }}
            xAxisProps={{ type: 'number', scale: 'time', domain: ['dataMin', 'dataMax'], tickFormatter: (at: number) => clockLabel(at, range) }}
            valueFormatter={format}
            tooltipProps={{ labelFormatter: (at) => clockLabel(Number(at), range) }}
          />
        ) : (
          <Text h={240} size="sm" c="dimmed" ta="center" pt={100}>
            {history.loading ? 'Loading…' : 'Not enough samples in this window yet: the lag is sampled every few seconds.'}
          </Text>
        )}
      </div>
    </Paper>
  );
}
