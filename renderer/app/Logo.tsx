import { Group, Text } from '@mantine/core';

/** An oxbow lake: a river's loop cut off from its course. */
export function Logo() {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
        <path d="M3 24 C 9 24, 9 8, 16 8 S 23 24, 29 24" fill="none" stroke="var(--mantine-color-teal-6)" strokeWidth="3.5" strokeLinecap="round" />
        <ellipse cx="16" cy="19" rx="4.5" ry="3" fill="none" stroke="var(--mantine-color-blue-5)" strokeWidth="2.5" />
      </svg>
      <Text fw={700} size="lg">Oxbow</Text>
    </Group>
  );
}
