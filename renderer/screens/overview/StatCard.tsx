import { Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type StatTone = 'danger' | 'warning' | undefined;

const TONE = { danger: 'red', warning: 'orange' } as const;

/** One number of the overview; a tone paints it when it needs attention. */
export function StatCard({ label, value, hint, tone, testId }: { label: string; value: ReactNode; hint?: ReactNode; tone?: StatTone; testId: string }) {
  const color = tone ? TONE[tone] : undefined;
  return (
    <Paper
      withBorder
      p="md"
      data-testid={testId}
      data-alert={tone ? 'true' : 'false'}
      style={color ? { borderColor: `var(--mantine-color-${color}-6)`, background: `var(--mantine-color-${color}-light)` } : undefined}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text component="div" fz={28} fw={700} c={color ? `var(--mantine-color-${color}-text)` : undefined} className="oxbow-mono" data-testid={`${testId}-value`}>{value}</Text>
      {hint && <Text size="xs" c="dimmed" mt={2}>{hint}</Text>}
    </Paper>
  );
}
