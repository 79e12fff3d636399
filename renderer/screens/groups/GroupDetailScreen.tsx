// One consumer group: its status and why, members and what they are assigned, lag per partition,
// the lag history chart, and the changes Kafka allows on a group without active members (reset
// offsets, delete).
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { GroupDetail, GroupPartitionLag } from '../../../main/contract/index.js';
import { navigate, routeHash } from '../../app/routes.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { IconArrowLeft, IconRotate, IconTrash } from '../../components/icons.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { DeleteGroupModal } from './DeleteGroupModal.js';
import { GroupPartitionsTable } from './GroupPartitionsTable.js';
import { LagStatusBadge } from './GroupStatusBadge.js';
import { LagChart, type LagScope } from './LagChart.js';
import { formatLag, formatTimeLag } from './lag-format.js';
import { MembersTable } from './MembersTable.js';
import { ResetOffsetsModal } from './ResetOffsetsModal.js';
import { useGroupDetail } from './use-groups.js';

/** As the backend decides it: a group whose consumers could commit over a reset. */
export function hasActiveMembers(group: Pick<GroupDetail, 'state' | 'memberCount'>): boolean {
  return group.memberCount > 0 || (group.state !== 'Empty' && group.state !== 'Dead');
}

function Summary({ group }: { group: GroupDetail }) {
  const item = (label: string, value: string, testId?: string) => (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fw={700} size="lg" className="oxbow-mono" data-testid={testId}>{value}</Text>
    </div>
  );
  return (
    <Paper withBorder p="md">
      <SimpleGrid cols={{ base: 2, sm: 5 }}>
        {item('State', group.state, 'group-state')}
        {item('Members', String(group.memberCount), 'group-member-count')}
        {item('Protocol', group.protocol ?? group.protocolType ?? '—')}
        {item('Lag (records)', formatLag(group.totalLag), 'group-total-lag')}
        {item('Lag (time)', formatTimeLag(group.maxTimeLagMs), 'group-time-lag')}
      </SimpleGrid>
      <Group gap="sm" mt="md" wrap="nowrap" align="flex-start">
        <LagStatusBadge status={group.status} testId={`group-status-${group.groupId}`} />
        <Text size="sm" data-testid="group-status-reason">{group.statusReason}</Text>
      </Group>
    </Paper>
  );
}

export function GroupDetailScreen({ groupId }: { groupId: string }) {
  const detail = useGroupDetail(groupId);
  const { refetch } = detail;
  const [scope, setScope] = useState<LagScope>(null);
  const [resetting, setResetting] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const onChart = useCallback((p: GroupPartitionLag) => setScope({ topic: p.topic, partition: p.partition }), []);
  const notFound = detail.error?.code === 'NOT_FOUND';
  const group = detail.data;
  const active = group ? hasActiveMembers(group) : true;
  const chart = <LagChart groupId={groupId} partitions={group?.partitions ?? []} scope={scope} onScope={setScope} />;

  return (
    <Stack gap="md" data-testid="screen-group">
      <Anchor href={routeHash({ screen: 'groups' })} size="sm" data-testid="group-back">
        <Group gap={4}><IconArrowLeft size={14} />All consumer groups</Group>
      </Anchor>
      <Group justify="space-between">
        <Title order={2} style={{ overflowWrap: 'anywhere' }} data-testid="group-title">{groupId}</Title>
        {group && !notFound && (
          <Group gap="sm">
            <Tooltip label="Offsets can be reset only while the group has no active members: stop its consumers first." disabled={!active} multiline w={300}>
              <span>
                <Button variant="default" leftSection={<IconRotate size={16} />} disabled={active} onClick={() => setResetting(true)} data-testid="group-reset-open">
                  Reset offsets
                </Button>
              </span>
            </Tooltip>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)} data-testid="group-delete">Delete</Button>
          </Group>
        )}
      </Group>
      {notFound && detail.error ? (
        <>
          <ErrorAlert error={detail.error} title={`There is no consumer group named ${groupId}`} testId="group-not-found" />
          {/* History outlives the group: a deleted group's chart still shows what it did. */}
          {chart}
        </>
      ) : (
        <QueryStatus data={group} error={detail.error} loading={detail.loading} label={`group ${groupId}`}>
          {(g) => (
            <>
              <Summary group={g} />
              {chart}
              <Paper withBorder p="md">
                <Title order={4} mb="sm">Partitions</Title>
                <GroupPartitionsTable partitions={g.partitions} members={g.members} onChart={onChart} />
              </Paper>
              <Paper withBorder p="md">
                <Title order={4} mb="sm">Members</Title>
                <MembersTable members={g.members} />
              </Paper>
            </>
          )}
        </QueryStatus>
      )}
      {group && (
        <ResetOffsetsModal groupId={groupId} topics={group.topics} opened={resetting} onClose={() => setResetting(false)}
          onDone={() => { setResetting(false); refetch(); }} />
      )}
      <DeleteGroupModal groupId={groupId} opened={deleting} onClose={() => setDeleting(false)} onDeleted={() => navigate({ screen: 'groups' })} />
    </Stack>
  );
}
