import { Alert, Button, Checkbox, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useState } from 'react';
import type { BrokerView } from '../../../main/contract/index.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { EventTimeline } from '../../components/EventTimeline.js';
import { IconPlus, IconRotate } from '../../components/icons.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { confirmationFor, type BrokerAction } from './broker-actions.js';
import { BrokerTable } from './BrokerTable.js';
import { ClusterMap } from './ClusterMap.js';
import { useBrokerControls, useClusterMap, useConnection, useExternalBrokers, useTimeline } from './use-brokers.js';

type Pending = { kind: 'broker'; action: BrokerAction; broker: BrokerView } | { kind: 'coordinator' } | null;

/** The embedded cluster's brokers with their controls, map and timeline; an external cluster's brokers as listed. */
export function BrokersScreen() {
  const connection = useConnection();
  return (
    <QueryStatus data={connection.data} error={connection.error} loading={connection.loading} label="the connection">
      {(info) => (info.kind === 'external' ? <ExternalBrokers name={info.name} /> : <EmbeddedBrokers />)}
    </QueryStatus>
  );
}

function ExternalBrokers({ name }: { name: string }) {
  const brokers = useExternalBrokers();
  return (
    <Stack gap="md" data-testid="screen-brokers">
      <Title order={2}>Brokers</Title>
      <Alert color="gray" variant="light" data-testid="brokers-external">
        {name} is an external cluster: broker controls, the cluster map and the event timeline exist only for the embedded cluster.
      </Alert>
      <QueryStatus data={brokers.data} error={brokers.error} loading={brokers.loading} label="the brokers">
        {(list) => <BrokerTable brokers={list} busy={NOTHING_BUSY} withControls={false} onAction={() => {}} />}
      </QueryStatus>
    </Stack>
  );
}

const NOTHING_BUSY: ReadonlySet<number> = new Set();

function EmbeddedBrokers() {
  const map = useClusterMap();
  const timeline = useTimeline();
  const refetchMap = map.refetch;
  const controls = useBrokerControls(useCallback(() => refetchMap(), [refetchMap]));
  const [pending, setPending] = useState<Pending>(null);
  const [killCoordinator, setKillCoordinator] = useState(false);

  const { runBroker } = controls;
  const onAction = useCallback((action: BrokerAction, broker: BrokerView) => {
    if (confirmationFor(action, broker.id)) setPending({ kind: 'broker', action, broker });
    else void runBroker(action, broker.id);
  }, [runBroker]);

  const confirm = () => {
    if (pending?.kind === 'broker') void controls.runBroker(pending.action, pending.broker.id);
    if (pending?.kind === 'coordinator') void controls.restartCoordinator(killCoordinator);
    setPending(null);
  };
  const confirmation = pending?.kind === 'broker' ? confirmationFor(pending.action, pending.broker.id) : null;

  return (
    <Stack gap="md" data-testid="screen-brokers">
      <Group justify="space-between">
        <Title order={2}>Brokers</Title>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconRotate size={16} />} loading={controls.busy.has('coordinator')}
            onClick={() => { setKillCoordinator(false); setPending({ kind: 'coordinator' }); }} data-testid="restart-coordinator">
            Restart coordinator
          </Button>
          <Button leftSection={<IconPlus size={16} />} loading={controls.busy.has('cluster')} onClick={() => void controls.addBroker()} data-testid="add-broker">
            Add broker
          </Button>
        </Group>
      </Group>
      {controls.error && (
        <ErrorAlert error={controls.error.error} title={`Could not ${controls.error.what}`} onClose={controls.clearError} testId="control-error" />
      )}
      <QueryStatus data={map.data} error={map.error} loading={map.loading} label="the brokers">
        {(data) => (
          <>
            <BrokerTable brokers={data.brokers} busy={controls.busy} withControls onAction={onAction} />
            <Grid gap="md">
              <Grid.Col span={{ base: 12, lg: 8 }}>
                <Paper withBorder p="md"><ClusterMap map={data} /></Paper>
              </Grid.Col>
              <Grid.Col span={{ base: 12, lg: 4 }}>
                <Paper withBorder p="md">
                  <Title order={4} mb="sm">Events</Title>
                  {timeline.error && !timeline.data
                    ? <ErrorAlert error={timeline.error} title="Could not load the timeline" />
                    : <EventTimeline events={timeline.events} height={560} empty="No events yet. Stop or kill a broker to watch leadership move." />}
                </Paper>
              </Grid.Col>
            </Grid>
          </>
        )}
      </QueryStatus>
      <ConfirmModal
        opened={pending?.kind === 'broker'}
        title={confirmation?.title ?? ''}
        confirmLabel={confirmation?.confirmLabel ?? 'Confirm'}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <Text size="sm">{confirmation?.body}</Text>
      </ConfirmModal>
      <ConfirmModal
        opened={pending?.kind === 'coordinator'}
        title="Restart the coordinator?"
        confirmLabel={killCoordinator ? 'Kill and restart' : 'Restart coordinator'}
        onConfirm={confirm}
        onCancel={() => setPending(null)}
      >
        <Text size="sm">
          While it is down the brokers keep serving what they lead, but no leader can be elected and no topic created.
          It replays its metadata log on start.
        </Text>
        <Checkbox label="Kill it (no flush) instead of stopping it gracefully" checked={killCoordinator}
          onChange={(e) => setKillCoordinator(e.currentTarget.checked)} data-testid="restart-coordinator-kill" />
      </ConfirmModal>
    </Stack>
  );
}
