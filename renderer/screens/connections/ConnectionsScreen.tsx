// Connections to Kafka clusters (placeholder until the connections screen lands).
import { Stack, Text, Title } from '@mantine/core';

export function ConnectionsScreen() {
  return (
    <Stack>
      <Title order={2}>Connections</Title>
      <Text c="dimmed">External connections are coming.</Text>
    </Stack>
  );
}
