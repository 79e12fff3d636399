import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { BrokerView, Overview } from '../../../main/contract/index.js';
import { routeHash } from '../../app/routes.js';
import { EventTimeline } from '../../components/EventTimeline.js';
import { formatByteRate, formatCount, formatRate } from '../../components/format.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { StatCard } from './StatCard.js';
import { ThroughputCard } from './ThroughputCard.js';
import { useOverview } from './use-overview.js';

function brokerSummary(brokers: BrokerView[]) {
  const running = brokers.filter((b) => b.state === 'running').length;
  const notRunning = brokers.filter((b) => b.state !== 'running');
  return {
    value: `${running} / ${brokers.length}`,
    hint: notRunning.length === 0 ? 'All brokers running' : notRunning.map((b) => `Broker ${b.id} ${b.state}`).join(' · '),
    down: notRunning.some((b) => b.state !== 'paused' && b.state !== 'starting'),
    degraded: notRunning.length > 0,
  };
}

function Stats({ overview }: { overview: Overview }) {
  const brokers = brokerSummary(overview.brokers);
  const coordinatorUp = overview.coordinator.state === 'up';
  // An external cluster has no Oxbow coordinator: its active controller stands in (the same role).
  const external = overview.connection.kind === 'external';
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
      <StatCard label="Brokers up" value={brokers.value} hint={brokers.hint} tone={brokers.down ? 'danger' : brokers.degraded ? 'warning' : undefined} testId="overview-brokers" />
      <StatCard
        label={external ? 'Controller' : 'Coordinator'}
        value={<Badge size="lg" color={coordinatorUp ? 'teal' : 'red'} variant={coordinatorUp ? 'light' : 'filled'}>{overview.coordinator.state}</Badge>}
        hint={coordinatorUp ? 'Metadata and elections available' : external ? 'No active controller: no elections' : 'No elections until it is back'}
        tone={coordinatorUp ? undefined : 'danger'}
        testId="overview-coordinator"
      />
      <StatCard label="Topics" value={formatCount(overview.topicCount)} testId="overview-topics" />
      <StatCard label="Partitions" value={formatCount(overview.partitionCount)} testId="overview-partitions" />
      <StatCard
        label="Under-replicated"
        value={formatCount(overview.underReplicatedPartitions)}
        hint="Partitions with an ISR smaller than their replicas"
        tone={overview.underReplicatedPartitions > 0 ? 'warning' : undefined}
        testId="overview-under-replicated"
      />
      <StatCard
        label="Offline"
        value={formatCount(overview.offlinePartitions)}
        hint="Partitions without a leader"
        tone={overview.offlinePartitions > 0 ? 'danger' : undefined}
        testId="overview-offline"
      />
    </SimpleGrid>
  );
}

export function OverviewScreen() {
  const { data, error, loading, throughput, events } = useOverview();
  return (
    <Stack gap="md" data-testid="screen-overview">
      <Title order={2}>Overview</Title>
      <QueryStatus data={data} error={error} loading={loading} label="the overview">
        {(overview) => overview.connection.kind === 'external' ? (
          <>
            <Stats overview={overview} />
            {/* Messages in comes from offsets; bytes and the timeline only the embedded cluster's engine knows. */}
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              <ThroughputCard label="Messages in" values={throughput.map((s) => s.messagesInPerSec)} format={formatRate} color="teal" testId="throughput-messages-in" />
            </SimpleGrid>
            <Text size="xs" c="dimmed" data-testid="overview-external-note">
              {overview.connection.name} is an external cluster: messages in are counted from its offsets; bytes in and out and the event timeline exist only for the embedded cluster.
            </Text>
          </>
        ) : (
          <>
            <Stats overview={overview} />
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
              <ThroughputCard label="Messages in" values={throughput.map((s) => s.messagesInPerSec)} format={formatRate} color="teal" testId="throughput-messages-in" />
              <ThroughputCard label="Bytes in" values={throughput.map((s) => s.bytesInPerSec)} format={formatByteRate} color="blue" testId="throughput-bytes-in" />
              <ThroughputCard label="Bytes out" values={throughput.map((s) => s.bytesOutPerSec)} format={formatByteRate} color="grape" testId="throughput-bytes-out" />
            </SimpleGrid>
            <Paper withBorder p="md">
              <Group justify="space-between" mb="sm">
                <Title order={4}>Recent events</Title>
                <Anchor href={routeHash({ screen: 'brokers' })} size="sm" data-testid="overview-all-events">Full timeline on Brokers</Anchor>
              </Group>
              <EventTimeline events={events} empty="Nothing has happened yet." />
            </Paper>
          </>
        )}
      </QueryStatus>
    </Stack>
  );
}
