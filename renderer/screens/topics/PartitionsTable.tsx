import { Badge, Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { PartitionDetail } from '../../../main/contract/index.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { formatCount } from '../../components/format.js';

// Offsets are -1 when no running broker holds a copy of the partition.
const offset = (n: number) => (n < 0 ? 'unknown' : formatCount(n));
export const messagesIn = (p: PartitionDetail): number | null => (p.earliestOffset < 0 || p.latestOffset < 0 ? null : p.latestOffset - p.earliestOffset);

/** Broker ids, with the ones missing from the ISR struck out in red. */
function ReplicaList({ ids, isr, leader }: { ids: number[]; isr: number[]; leader: number }) {
  return (
    <Group gap={6} wrap="nowrap">
      {ids.map((id) => {
        const inSync = isr.includes(id);
        return (
          <Text key={id} span size="sm" className="oxbow-mono" fw={id === leader ? 700 : 400} c={inSync ? undefined : 'red'} td={inSync ? undefined : 'line-through'}
            title={id === leader ? 'leader' : inSync ? 'in sync' : 'out of sync'}>
            {id}
          </Text>
        );
      })}
    </Group>
  );
}

export function PartitionsTable({ partitions }: { partitions: PartitionDetail[] }) {
  const columns = useMemo<Column<PartitionDetail>[]>(() => [
    { key: 'partition', header: 'Partition', sortValue: (p) => p.partition, render: (p) => <Text fw={600} className="oxbow-mono">{p.partition}</Text> },
    {
      key: 'leader',
      header: 'Leader',
      sortValue: (p) => p.leader,
      render: (p) => (p.leader < 0 ? <Badge color="red" data-testid={`partition-offline-${p.partition}`}>offline</Badge> : <Text className="oxbow-mono" size="sm">{p.leader}</Text>),
    },
    { key: 'replicas', header: 'Replicas', sortValue: (p) => p.replicas.join(','), render: (p) => <ReplicaList ids={p.replicas} isr={p.isr} leader={p.leader} /> },
    {
      key: 'isr',
      header: 'In-sync replicas',
      sortValue: (p) => p.isr.length,
      searchText: (p) => p.isr.join(','),
      render: (p) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm" className="oxbow-mono">[{p.isr.join(', ')}]</Text>
          {p.isr.length < p.replicas.length && <Badge size="xs" color="orange" data-testid={`partition-under-replicated-${p.partition}`}>under-replicated</Badge>}
        </Group>
      ),
    },
    { key: 'earliest', header: 'Earliest offset', align: 'right', sortValue: (p) => (p.earliestOffset < 0 ? null : p.earliestOffset), render: (p) => <span className="oxbow-mono">{offset(p.earliestOffset)}</span> },
    { key: 'latest', header: 'Latest offset', align: 'right', sortValue: (p) => (p.latestOffset < 0 ? null : p.latestOffset), render: (p) => <span className="oxbow-mono">{offset(p.latestOffset)}</span> },
    {
      key: 'messages',
      header: 'Messages',
      align: 'right',
      sortValue: messagesIn,
      searchText: () => '',
      render: (p) => {
        const n = messagesIn(p);
        return <span className="oxbow-mono">{n === null ? '—' : formatCount(n)}</span>;
      },
    },
  ], []);

  return (
    <DataTable
      testId="partition-table"
      columns={columns}
      rows={partitions}
      rowKey={(p) => String(p.partition)}
      rowTestId={(p) => `partition-row-${p.partition}`}
      rowTone={(p) => (p.leader < 0 ? 'danger' : p.isr.length < p.replicas.length ? 'warning' : undefined)}
      initialSort={{ key: 'partition', direction: 'asc' }}
      searchPlaceholder="Search partitions"
    />
  );
}
