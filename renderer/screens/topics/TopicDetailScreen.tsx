import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { TopicConfigEntry, TopicDetail } from '../../../main/contract/index.js';
import { navigate, routeHash } from '../../app/routes.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { IconArrowLeft, IconMessages, IconPlus, IconTrash } from '../../components/icons.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { useAction } from '../../hooks/use-action.js';
import { AddPartitionsModal } from './AddPartitionsModal.js';
import { ConfigsTable } from './ConfigsTable.js';
import { DeleteTopicModal } from './DeleteTopicModal.js';
import { EditConfigModal } from './EditConfigModal.js';
import { messagesIn, PartitionsTable } from './PartitionsTable.js';
import { topicChanges, useTopicDetail } from './use-topics.js';

function Summary({ topic }: { topic: TopicDetail }) {
  const underReplicated = topic.partitions.filter((p) => p.isr.length < p.replicas.length).length;
  const offline = topic.partitions.filter((p) => p.leader < 0).length;
  const messages = topic.partitions.reduce((n, p) => n + (messagesIn(p) ?? 0), 0);
  const rf = topic.partitions[0]?.replicas.length ?? 0;
  const item = (label: string, value: string, color?: string, testId?: string) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={700} size="lg" c={color} className="oxbow-mono" data-testid={testId}>{value}</Text>
    </div>
  );
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {item('Partitions', String(topic.partitions.length), undefined, 'topic-partition-count')}
        {item('Replication factor', String(rf))}
        {item('Messages', formatCount(messages))}
        {item('Under-replicated', String(underReplicated), underReplicated > 0 ? 'orange' : undefined, 'topic-under-replicated-count')}
        {item('Offline', String(offline), offline > 0 ? 'red' : undefined, 'topic-offline-count')}
      </SimpleGrid>
    </Paper>
  );
}

export function TopicDetailScreen({ name }: { name: string }) {
  const detail = useTopicDetail(name);
  const refetch = detail.refetch;
  const [editing, setEditing] = useState<TopicConfigEntry | null>(null);
  const [growing, setGrowing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const reset = useAction(topicChanges.resetConfig);
  const runReset = reset.run;
  const onReset = useCallback(async (entry: TopicConfigEntry) => {
    if ((await runReset(name, entry.name)).ok) refetch();
  }, [name, runReset, refetch]);

  const notFound = detail.error?.code === 'NOT_FOUND' || detail.error?.kafkaCode === 'UNKNOWN_TOPIC_OR_PARTITION';

  return (
    <Stack gap="md" data-testid="screen-topic">
      <Anchor href={routeHash({ screen: 'topics' })} size="sm" data-testid="topic-back">
        <Group gap={4}><IconArrowLeft size={14} />All topics</Group>
      </Anchor>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2} style={{ overflowWrap: 'anywhere' }} data-testid="topic-title">{name}</Title>
          {detail.data?.internal && <Badge variant="outline" color="gray">internal</Badge>}
        </Group>
        {!notFound && (
          <Group gap="sm">
            <Button component="a" href={routeHash({ screen: 'messages', topic: name })} variant="default" leftSection={<IconMessages size={16} />}
              data-testid="browse-messages">Browse messages</Button>
            {detail.data && !detail.data.internal && (
              <>
                <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setGrowing(true)} data-testid="add-partitions-open">Add partitions</Button>
                <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)} data-testid="topic-delete">Delete</Button>
              </>
            )}
          </Group>
        )}
      </Group>
      {notFound && detail.error ? (
        <ErrorAlert error={detail.error} title={`There is no topic named ${name}`} testId="topic-not-found" />
      ) : (
        <QueryStatus data={detail.data} error={detail.error} loading={detail.loading} label={`topic ${name}`}>
          {(topic) => (
            <>
              <Summary topic={topic} />
              <Paper withBorder p="md">
                <Title order={4} mb="sm">Partitions</Title>
                <PartitionsTable partitions={topic.partitions} />
              </Paper>
              <Paper withBorder p="md">
                <Title order={4} mb="sm">Configs</Title>
                {reset.error && <ErrorAlert error={reset.error} title="Could not reset the config" onClose={reset.reset} testId="config-reset-error" />}
                <ConfigsTable configs={topic.configs} busy={reset.pending} onEdit={setEditing} onReset={(entry) => void onReset(entry)} />
              </Paper>
              <AddPartitionsModal topic={name} current={topic.partitions.length} opened={growing} onClose={() => setGrowing(false)}
                onDone={() => { setGrowing(false); refetch(); }} />
            </>
          )}
        </QueryStatus>
      )}
      <EditConfigModal topic={name} entry={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); refetch(); }} />
      <DeleteTopicModal topic={deleting ? name : null} onClose={() => setDeleting(false)} onDeleted={() => navigate({ screen: 'topics' })} />
    </Stack>
  );
}
