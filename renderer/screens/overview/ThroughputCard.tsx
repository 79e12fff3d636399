import { Sparkline } from '@mantine/charts';
import { Group, Paper, Text } from '@mantine/core';

/** A live sparkline of one rate, with its latest value. */
export function ThroughputCard({ label, values, format, color, testId }: {
  label: string;
  values: number[];
  format: (v: number) => string;
  color: string;
  testId: string;
}) {
  const latest = values.length > 0 ? values[values.length - 1] : undefined;
  return (
    <Paper withBorder p="md" data-testid={testId} data-samples={values.length}>
      <Group justify="space-between" align="baseline" mb="xs">
        <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
        <Text fw={700} className="oxbow-mono" data-testid={`${testId}-value`}>{latest === undefined ? '—' : format(latest)}</Text>
      </Group>
      {values.length > 1 ? (
        <Sparkline h={64} data={values} color={color} curveType="monotone" fillOpacity={0.35} strokeWidth={1.5} areaProps={{ isAnimationActive: false }} />
      ) : (
        <Text h={64} size="sm" c="dimmed" ta="center" pt="lg">Waiting for samples…</Text>
      )}
    </Paper>
  );
}
