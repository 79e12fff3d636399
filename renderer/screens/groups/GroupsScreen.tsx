// Consumer groups with their lag (placeholder until the groups screen lands).
import { Stack, Text, Title } from '@mantine/core';

export function GroupsScreen() {
  return (
    <Stack>
      <Title order={2}>Consumer groups</Title>
      <Text c="dimmed">Consumer groups and lag are coming.</Text>
    </Stack>
  );
}
