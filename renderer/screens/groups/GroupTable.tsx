import { Anchor, Text } from '@mantine/core';
import { useMemo, type ReactNode } from 'react';
import type { GroupSummary } from '../../../main/contract/index.js';
import { routeHash } from '../../app/routes.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { LagStatusBadge } from './GroupStatusBadge.js';
import { formatLag, formatTimeLag } from './lag-format.js';

/** Worst first when sorted descending, as Burrow orders statuses. */
const SEVERITY = { OK: 1, WARN: 2, ERR: 3 } as const;

export function GroupTable({ groups, toolbar }: { groups: GroupSummary[]; toolbar?: ReactNode }) {
  const columns = useMemo<Column<GroupSummary>[]>(() => [
    {
      key: 'groupId',
      header: 'Group',
      sortValue: (g) => g.groupId,
      render: (g) => (
        <Anchor href={routeHash({ screen: 'group', groupId: g.groupId })} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }} data-testid={`group-link-${g.groupId}`}>
          {g.groupId}
        </Anchor>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      sortValue: (g) => SEVERITY[g.status],
      searchText: (g) => g.status,
      render: (g) => <LagStatusBadge status={g.status} reason={g.statusReason} testId={`group-status-${g.groupId}`} />,
    },
    { key: 'state', header: 'State', sortValue: (g) => g.state, render: (g) => <Text size="sm">{g.state}</Text> },
    { key: 'members', header: 'Members', align: 'right', sortValue: (g) => g.memberCount, render: (g) => <span className="oxbow-mono">{g.memberCount}</span> },
    {
      key: 'protocol',
      header: 'Protocol',
      sortValue: (g) => g.protocol ?? g.protocolType,
      render: (g) => <Text size="sm" c={g.protocol ? undefined : 'dimmed'}>{g.protocol ?? g.protocolType ?? '—'}</Text>,
    },
    {
      key: 'topics',
      header: 'Topics',
      sortValue: (g) => g.topics.join(', '),
      render: (g) => <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{g.topics.length > 0 ? g.topics.join(', ') : '—'}</Text>,
    },
    {
      key: 'lag',
      header: 'Lag (records)',
      align: 'right',
      sortValue: (g) => g.totalLag,
      searchText: () => '',
      render: (g) => <span className="oxbow-mono" data-testid={`group-lag-${g.groupId}`}>{formatLag(g.totalLag)}</span>,
    },
    {
      key: 'timeLag',
      header: 'Lag (time)',
      align: 'right',
      sortValue: (g) => g.maxTimeLagMs,
      searchText: () => '',
      render: (g) => <span className="oxbow-mono" data-testid={`group-time-lag-${g.groupId}`}>{formatTimeLag(g.maxTimeLagMs)}</span>,
    },
  ], []);

  return (
    <DataTable
      testId="group-table"
      columns={columns}
      rows={groups}
      rowKey={(g) => g.groupId}
      rowTestId={(g) => `group-row-${g.groupId}`}
      rowTone={(g) => (g.status === 'ERR' ? 'danger' : g.status === 'WARN' ? 'warning' : undefined)}
      initialSort={{ key: 'groupId', direction: 'asc' }}
      searchPlaceholder="Search groups"
      toolbar={toolbar}
      minWidth={900}
      empty="No consumer groups yet. They appear here once a consumer joins a group or commits offsets."
    />
  );
}
