// The message browser (placeholder until the messages screen lands).
import { Stack, Text, Title } from '@mantine/core';

export function MessagesScreen({ topic }: { topic?: string }) {
  return (
    <Stack>
      <Title order={2}>Messages{topic ? ` · ${topic}` : ''}</Title>
      <Text c="dimmed">The message browser is coming.</Text>
    </Stack>
  );
}
