// Consumer groups with their lag, in records and in time, and Burrow's status of each.
import { Stack, Text, Title } from '@mantine/core';
import { QueryStatus } from '../../components/QueryStatus.js';
import { GroupTable } from './GroupTable.js';
import { useGroupList } from './use-groups.js';

export function GroupsScreen() {
  const groups = useGroupList();
  return (
    <Stack gap="md" data-testid="screen-groups">
      <div>
        <Title order={2}>Consumer groups</Title>
        <Text size="sm" c="dimmed">Lag is the committed offset against the end of each partition; status follows Burrow's rules over the last commits.</Text>
      </div>
      <QueryStatus data={groups.data} error={groups.error} loading={groups.loading} label="the consumer groups">
        {(list) => <GroupTable groups={list} />}
      </QueryStatus>
    </Stack>
  );
}
