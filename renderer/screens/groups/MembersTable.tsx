import { Text } from '@mantine/core';
import { useMemo } from 'react';
import type { GroupMember } from '../../../main/contract/index.js';
import { DataTable, type Column } from '../../components/DataTable.js';

/** "orders: 0, 1, 2; payments: 4" */
export function assignmentText(member: GroupMember): string {
  return member.assignments.map((a) => `${a.topic}: ${a.partitions.join(', ')}`).join('; ');
}

export function MembersTable({ members }: { members: GroupMember[] }) {
  const columns = useMemo<Column<GroupMember>[]>(() => [
    { key: 'clientId', header: 'Client ID', sortValue: (m) => m.clientId, render: (m) => <Text size="sm" fw={600}>{m.clientId}</Text> },
    { key: 'host', header: 'Host', sortValue: (m) => m.clientHost, render: (m) => <Text size="sm" className="oxbow-mono">{m.clientHost}</Text> },
    {
      key: 'assigned',
      header: 'Assigned partitions',
      sortValue: (m) => m.assignments.reduce((n, a) => n + a.partitions.length, 0),
      searchText: assignmentText,
      render: (m) => <Text size="sm" className="oxbow-mono" data-testid={`member-assignment-${m.memberId}`}>{assignmentText(m) || '—'}</Text>,
    },
    {
      key: 'memberId',
      header: 'Member ID',
      sortValue: (m) => m.memberId,
      render: (m) => (
        <Text size="xs" c="dimmed" className="oxbow-mono" style={{ overflowWrap: 'anywhere' }}>
          {m.memberId}{m.groupInstanceId ? ` (static: ${m.groupInstanceId})` : ''}
        </Text>
      ),
    },
  ], []);
  return (
    <DataTable
      testId="member-table"
      columns={columns}
      rows={members}
      rowKey={(m) => m.memberId}
      rowTestId={(m) => `member-row-${m.memberId}`}
      initialSort={{ key: 'clientId', direction: 'asc' }}
      searchPlaceholder="Search members"
      empty="No active members: nothing is consuming for this group now."
    />
  );
}
