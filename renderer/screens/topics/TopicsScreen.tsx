import { Button, Group, Stack, Switch, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import { IconPlus } from '../../components/icons.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { CreateTopicModal } from './CreateTopicModal.js';
import { DeleteTopicModal } from './DeleteTopicModal.js';
import { TopicTable } from './TopicTable.js';
import { useBrokerCount, useTopicList } from './use-topics.js';

export function TopicsScreen() {
  const [showInternal, setShowInternal] = useState(false);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const topics = useTopicList();
  const brokerCount = useBrokerCount();
  const onDelete = useCallback((name: string) => setDeleting(name), []);

  return (
    <Stack gap="md" data-testid="screen-topics">
      <Group justify="space-between">
        <Title order={2}>Topics</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)} data-testid="create-topic-open">Create topic</Button>
      </Group>
      <QueryStatus data={topics.data} error={topics.error} loading={topics.loading} label="the topics">
        {(list) => (
          <TopicTable
            topics={showInternal ? list : list.filter((t) => !t.internal)}
            onDelete={onDelete}
            toolbar={
              <Switch label="Show internal" checked={showInternal} onChange={(e) => setShowInternal(e.currentTarget.checked)} data-testid="topics-show-internal" />
            }
          />
        )}
      </QueryStatus>
      <CreateTopicModal
        opened={creating}
        brokerCount={brokerCount}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          topics.refetch();
        }}
      />
      <DeleteTopicModal
        topic={deleting}
        onClose={() => setDeleting(null)}
        onDeleted={() => {
          setDeleting(null);
          topics.refetch();
        }}
      />
    </Stack>
  );
}
