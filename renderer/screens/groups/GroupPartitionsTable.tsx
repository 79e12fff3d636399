import { ActionIcon, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import type { GroupMember, GroupPartitionLag } from '../../../main/contract/index.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { formatCount } from '../../components/format.js';
import { IconGauge } from '../../components/icons.js';
import { LagStatusBadge } from './GroupStatusBadge.js';
import { formatLag, formatOffset, formatTimeLag } from './lag-format.js';

const SEVERITY = { OK: 1, WARN: 2, STOP: 4, STALL: 5, REWIND: 6 } as const;
const key = (p: GroupPartitionLag) => `${p.topic}-${p.partition}`;

export function GroupPartitionsTable({ partitions, members, onChart }: {
  partitions: GroupPartitionLag[];
  members: GroupMember[];
  /** Shows this partition's lag history in the chart. */
  onChart: (p: GroupPartitionLag) => void;
}) {
  const columns = useMemo<Column<GroupPartitionLag>[]>(() => {
    const clientOf = new Map(members.map((m) => [m.memberId, m.clientId]));
    return [
      { key: 'topic', header: 'Topic', sortValue: (p) => p.topic, render: (p) => <Text size="sm" fw={600}>{p.topic}</Text> },
      { key: 'partition', header: 'Partition', align: 'right', sortValue: (p) => p.partition, render: (p) => <span className="oxbow-mono">{p.partition}</span> },
      { key: 'committed', header: 'Committed', align: 'right', sortValue: (p) => (p.committedOffset < 0 ? null : p.committedOffset), searchText: () => '', render: (p) => <span className="oxbow-mono">{formatOffset(p.committedOffset)}</span> },
      { key: 'end', header: 'End', align: 'right', sortValue: (p) => (p.endOffset < 0 ? null : p.endOffset), searchText: () => '', render: (p) => <span className="oxbow-mono">{p.endOffset < 0 ? 'unknown' : formatCount(p.endOffset)}</span> },
      { key: 'lag', header: 'Lag', align: 'right', sortValue: (p) => p.lag, searchText: () => '', render: (p) => <span className="oxbow-mono" data-testid={`partition-lag-${key(p)}`}>{formatLag(p.lag)}</span> },
      { key: 'timeLag', header: 'Time lag', align: 'right', sortValue: (p) => p.timeLagMs, searchText: () => '', render: (p) => <span className="oxbow-mono">{formatTimeLag(p.timeLagMs)}</span> },
      { key: 'status', header: 'Status', sortValue: (p) => SEVERITY[p.status], searchText: (p) => p.status, render: (p) => <LagStatusBadge status={p.status} testId={`partition-status-${key(p)}`} /> },
      {
        key: 'owner',
        header: 'Consumer',
        sortValue: (p) => (p.memberId ? clientOf.get(p.memberId) ?? p.memberId : null),
        render: (p) => (p.memberId
          ? <Text size="sm" title={p.memberId}>{clientOf.get(p.memberId) ?? p.memberId}</Text>
          : <Text size="sm" c="dimmed">unassigned</Text>),
      },
      {
        key: 'chart',
        header: '',
        width: 48,
        render: (p) => (
          <Tooltip label={`Lag history of ${key(p)}`}>
            <ActionIcon variant="subtle" onClick={() => onChart(p)} aria-label={`Lag history of ${key(p)}`} data-testid={`partition-chart-${key(p)}`}>
              <IconGauge size={16} />
            </ActionIcon>
          </Tooltip>
        ),
      },
    ];
  }, [members, onChart]);

  return (
    <DataTable
      testId="group-partition-table"
      columns={columns}
      rows={partitions}
      rowKey={key}
      rowTestId={(p) => `partition-row-${key(p)}`}
      rowTone={(p) => (p.status === 'OK' ? undefined : p.status === 'WARN' ? 'warning' : 'danger')}
      initialSort={{ key: 'topic', direction: 'asc' }}
      searchPlaceholder="Search partitions"
      minWidth={900}
      empty="The group has no committed offsets and no assignment."
    />
  );
}
