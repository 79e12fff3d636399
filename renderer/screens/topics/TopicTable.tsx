import { ActionIcon, Anchor, Badge, Group, Text, Tooltip } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import type { TopicSummary } from '../../../main/contract/index.js';
import { routeHash } from '../../app/routes.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { formatBytes, formatCount } from '../../components/format.js';
import { IconTrash } from '../../components/icons.js';

export function TopicTable({ topics, toolbar, onDelete }: { topics: TopicSummary[]; toolbar: ReactNode; onDelete: (name: string) => void }) {
  const columns = useMemo<Column<TopicSummary>[]>(() => [
    {
      key: 'name',
      header: 'Name',
      sortValue: (t) => t.name,
      render: (t) => (
        <Group gap={6} wrap="nowrap">
          <Anchor href={routeHash({ screen: 'topic', name: t.name })} fw={600} size="sm" data-testid={`topic-link-${t.name}`}>{t.name}</Anchor>
          {t.internal && <Badge size="xs" variant="outline" color="gray">internal</Badge>}
        </Group>
      ),
    },
    { key: 'partitions', header: 'Partitions', align: 'right', sortValue: (t) => t.partitions, render: (t) => <span className="oxbow-mono">{t.partitions}</span> },
    { key: 'replicationFactor', header: 'Replication', align: 'right', sortValue: (t) => t.replicationFactor, render: (t) => <span className="oxbow-mono">{t.replicationFactor}</span> },
    { key: 'messages', header: 'Messages', align: 'right', sortValue: (t) => t.messageCount, searchText: () => '', render: (t) => <span className="oxbow-mono">{formatCount(t.messageCount)}</span> },
    { key: 'size', header: 'Size', align: 'right', sortValue: (t) => t.sizeBytes, searchText: () => '', render: (t) => <span className="oxbow-mono">{formatBytes(t.sizeBytes)}</span> },
    {
      key: 'underReplicated',
      header: 'Replication health',
      sortValue: (t) => t.underReplicated,
      searchText: (t) => (t.underReplicated ? 'under-replicated' : 'in sync'),
      render: (t) => t.underReplicated
        ? <Badge color="orange" data-testid={`topic-under-replicated-${t.name}`}>under-replicated</Badge>
        : <Text size="sm" c="dimmed">in sync</Text>,
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      width: 48,
      render: (t) => (
        <Tooltip label={t.internal ? 'Internal topics are managed by the cluster' : `Delete ${t.name}`}>
          <ActionIcon variant="subtle" color="red" disabled={t.internal} onClick={() => onDelete(t.name)} aria-label={`Delete ${t.name}`} data-testid={`topic-delete-${t.name}`}>
            <IconTrash size={16} />
          </ActionIcon>
        </Tooltip>
      ),
    },
  ], [onDelete]);

  return (
    <DataTable
      testId="topic-table"
      columns={columns}
      rows={topics}
      rowKey={(t) => t.name}
      rowTestId={(t) => `topic-row-${t.name}`}
      rowTone={(t) => (t.underReplicated ? 'warning' : undefined)}
      initialSort={{ key: 'name', direction: 'asc' }}
      searchPlaceholder="Search topics"
      toolbar={toolbar}
      empty="No topics yet. Create one, or produce to a new topic with a client."
    />
  );
}
