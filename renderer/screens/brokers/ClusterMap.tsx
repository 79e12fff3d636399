// Where every partition lives: the coordinator above, one column per broker, and under each
// broker its replicas — leaders filled, in-sync followers outlined, out-of-sync ones dashed red.
// Roles that changed since the last answer flash once, so an election is visible as it happens.
import { Alert, Badge, Box, Group, Paper, SimpleGrid, Stack, Switch, Text, Title, Tooltip } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { BrokerView, ClusterMap as ClusterMapData } from '../../../main/contract/index.js';
import { BrokerStateBadge } from '../../components/BrokerStateBadge.js';
import { formatList } from '../../components/format.js';
import { IconCrown } from '../../components/icons.js';
import './cluster-map.css';
import { isInternalTopic, offlinePartitions, replicaKey, replicasOf, roleIndex, type ReplicaCell, type ReplicaRole } from './cluster-map-model.js';

const FLASH_MS = 1_800;
const ROLE_TEXT: Record<ReplicaRole, string> = { leader: 'leader', follower: 'in-sync follower', 'out-of-sync': 'out of sync (not in the ISR)' };

/** Keys whose role differs from the previous map, for as long as the flash lasts. */
function useChangedRoles(map: ClusterMapData): ReadonlySet<string> {
  const index = useMemo(() => roleIndex(map), [map]);
  const previous = useRef<Map<string, ReplicaRole> | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const before = previous.current;
    previous.current = index;
    if (!before) return;
    const diff = [...index].filter(([key, role]) => before.has(key) && before.get(key) !== role).map(([key]) => key);
    if (diff.length === 0) return;
    setChanged(new Set(diff));
    // Invariant: the timer outlives later answers (polls that change nothing), so a flash always ends.
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setChanged(new Set()), FLASH_MS);
  }, [index]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return changed;
}

function Replica({ cell, brokerId, changed }: { cell: ReplicaCell; brokerId: number; changed: boolean }) {
  return (
    <Tooltip label={`${cell.topic}-${cell.partition} on broker ${brokerId}: ${ROLE_TEXT[cell.role]}`} openDelay={250}>
      <span
        className="oxbow-replica"
        data-testid={`replica-${replicaKey(cell.topic, cell.partition, brokerId)}`}
        data-role={cell.role}
        data-changed={changed ? 'true' : 'false'}
      >
        {cell.role === 'leader' && <IconCrown size={11} strokeWidth={2.5} />}
        {cell.partition}
      </span>
    </Tooltip>
  );
}

function BrokerColumn({ broker, map, showInternal, changed }: { broker: BrokerView; map: ClusterMapData; showInternal: boolean; changed: ReadonlySet<string> }) {
  const topics = replicasOf(map.partitions, broker.id).filter((t) => showInternal || !isInternalTopic(t.topic));
  const down = broker.state !== 'running';
  return (
    <Paper withBorder p="sm" className="oxbow-broker-card" data-down={down} data-testid={`cluster-map-broker-${broker.id}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={700}>Broker {broker.id}</Text>
        <Group gap={4} wrap="nowrap">
          {broker.fenced && <Badge size="xs" color="red" variant="outline">fenced</Badge>}
          <BrokerStateBadge state={broker.state} />
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="sm">leads {broker.leaders} of {broker.partitions} replicas</Text>
      <Stack gap="xs">
        {topics.map((t) => (
          <div key={t.topic}>
            <Text size="xs" fw={600} c="dimmed" truncate title={t.topic}>{t.topic}</Text>
            <Group gap={4} mt={2}>
              {t.replicas.map((cell) => {
                const key = replicaKey(cell.topic, cell.partition, broker.id);
                return <Replica key={key} cell={cell} brokerId={broker.id} changed={changed.has(key)} />;
              })}
            </Group>
          </div>
        ))}
        {topics.length === 0 && <Text size="xs" c="dimmed">No replicas.</Text>}
      </Stack>
    </Paper>
  );
}

function Legend() {
  const sample = (role: ReplicaRole, label: string) => (
    <Group gap={6} wrap="nowrap">
      <span className="oxbow-replica" data-role={role}>{role === 'leader' && <IconCrown size={11} strokeWidth={2.5} />}0</span>
      <Text size="xs" c="dimmed">{label}</Text>
    </Group>
  );
  return (
    <Group gap="md">
      {sample('leader', 'leader')}
      {sample('follower', 'in-sync follower')}
      {sample('out-of-sync', 'out of sync')}
    </Group>
  );
}

export function ClusterMap({ map }: { map: ClusterMapData }) {
  const [showInternal, setShowInternal] = useState(false);
  const changed = useChangedRoles(map);
  const offline = offlinePartitions(map.partitions).filter((p) => showInternal || !isInternalTopic(p.topic));
  const coordinatorUp = map.coordinator.state === 'up';

  return (
    <Stack gap="sm" data-testid="cluster-map">
      <Group justify="space-between">
        <Title order={4}>Cluster map</Title>
        <Group gap="lg">
          <Legend />
          <Switch size="xs" label="Internal topics" checked={showInternal} onChange={(e) => setShowInternal(e.currentTarget.checked)} data-testid="cluster-map-show-internal" />
        </Group>
      </Group>
      <Box style={{ display: 'flex', justifyContent: 'center' }}>
        <Paper withBorder px="md" py={6} data-testid="cluster-map-coordinator" data-state={map.coordinator.state}
          style={{ borderColor: coordinatorUp ? undefined : 'var(--mantine-color-red-6)' }}>
          <Group gap="xs">
            <Text fw={700} size="sm">Coordinator</Text>
            <Badge size="sm" color={coordinatorUp ? 'teal' : 'red'} variant={coordinatorUp ? 'light' : 'filled'}>{map.coordinator.state}</Badge>
            <Text size="xs" c="dimmed">membership, leaders, ISR, configs</Text>
          </Group>
        </Paper>
      </Box>
      {offline.length > 0 && (
        <Alert color="red" variant="light" title={`${offline.length} partition${offline.length === 1 ? '' : 's'} offline`} data-testid="cluster-map-offline">
          <Text size="sm">
            {offline.map((p) => `${p.topic}-${p.partition} (replicas ${formatList(p.replicas)})`).join(', ')}: no in-sync replica is alive to lead.
          </Text>
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(Math.max(map.brokers.length, 1), 3), xl: Math.min(Math.max(map.brokers.length, 1), 5) }} spacing="sm">
        {[...map.brokers].sort((a, b) => a.id - b.id).map((b) => (
          <BrokerColumn key={b.id} broker={b} map={map} showInternal={showInternal} changed={changed} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
