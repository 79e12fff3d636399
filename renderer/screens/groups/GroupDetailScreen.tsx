// One consumer group (placeholder until the groups screen lands).
import { Stack, Text, Title } from '@mantine/core';

export function GroupDetailScreen({ groupId }: { groupId: string }) {
  return (
    <Stack>
      <Title order={2}>{groupId}</Title>
      <Text c="dimmed">Group detail is coming.</Text>
    </Stack>
  );
}
