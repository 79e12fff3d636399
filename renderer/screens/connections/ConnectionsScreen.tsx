// Connections to Kafka clusters: the embedded one and external ones. "Use" selects one, and every
// screen then shows that cluster.
import { ActionIcon, Badge, Button, Code, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ConnectionSummary } from '../../../main/contract/index.js';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { IconPencil, IconPlus, IconTrash } from '../../components/icons.js';
import { QueryStatus } from '../../components/QueryStatus.js';
import { useAction } from '../../hooks/use-action.js';
import { mechanismLabel } from './connection-form.js';
import { ConnectionFormModal } from './ConnectionFormModal.js';
import { connectionChanges, useConnectionList } from './use-connections.js';

type Editing = { kind: 'add' } | { kind: 'edit'; connection: ConnectionSummary } | null;

export function ConnectionsScreen() {
  const list = useConnectionList();
  const [editing, setEditing] = useState<Editing>(null);
  const [removing, setRemoving] = useState<ConnectionSummary | null>(null);
  const select = useAction(connectionChanges.select);
  const remove = useAction(connectionChanges.remove);
  const [selecting, setSelecting] = useState<string | null>(null);
  const refetch = list.refetch;
  const { run: runSelect } = select;
  const { reset: resetRemove } = remove;

  const columns = useMemo<Column<ConnectionSummary>[]>(() => [
    {
      key: 'name',
      header: 'Name',
      sortValue: (c) => c.name,
      render: (c) => (
        <Group gap={6} wrap="nowrap">
          <Text fw={600} size="sm">{c.name}</Text>
          {c.kind === 'embedded' && <Badge size="xs" variant="outline" color="teal">embedded</Badge>}
          {c.selected && <Badge size="xs" color="teal" data-testid={`connection-selected-${c.id}`}>in use</Badge>}
        </Group>
      ),
    },
    { key: 'bootstrap', header: 'Bootstrap servers', sortValue: (c) => c.bootstrap, render: (c) => <Code>{c.bootstrap}</Code> },
    {
      key: 'sasl',
      header: 'SASL',
      sortValue: (c) => c.sasl?.mechanism ?? '',
      searchText: (c) => (c.sasl ? `${c.sasl.mechanism} ${c.sasl.username}` : ''),
      render: (c) => (c.sasl
        ? <Text size="sm">{mechanismLabel(c.sasl.mechanism)} <Text span c="dimmed" size="sm">as {c.sasl.username}{c.sasl.hasPassword ? '' : ' (no password)'}</Text></Text>
        : <Text size="sm" c="dimmed">none</Text>),
    },
    {
      key: 'tls',
      header: 'TLS',
      sortValue: (c) => !!c.tls?.enabled,
      searchText: (c) => (c.tls?.enabled ? 'tls' : ''),
      render: (c) => (c.tls?.enabled
        ? (
          <Tooltip label={c.tls.caFile ? `CA: ${c.tls.caFile}` : "The system's CAs"} disabled={!c.tls.caFile && c.tls.rejectUnauthorized}>
            <Text size="sm">on{c.tls.rejectUnauthorized ? '' : ', unverified'}</Text>
          </Tooltip>
        )
        : <Text size="sm" c="dimmed">off</Text>),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      searchText: () => '',
      render: (c) => (
        <Group gap={6} justify="flex-end" wrap="nowrap">
          <Button size="xs" variant={c.selected ? 'light' : 'filled'} disabled={c.selected} loading={selecting === c.id}
            onClick={async () => {
              setSelecting(c.id);
              await runSelect(c.id);
              setSelecting(null);
              refetch();
            }}
            data-testid={`connection-use-${c.id}`}>
            {c.selected ? 'In use' : 'Use'}
          </Button>
          {c.kind === 'external' && (
            <>
              <Tooltip label="Edit">
                <ActionIcon variant="subtle" aria-label={`Edit ${c.name}`} onClick={() => setEditing({ kind: 'edit', connection: c })} data-testid={`connection-edit-${c.id}`}>
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove">
                <ActionIcon variant="subtle" color="red" aria-label={`Remove ${c.name}`} onClick={() => { resetRemove(); setRemoving(c); }} data-testid={`connection-remove-${c.id}`}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      ),
    },
  ], [runSelect, resetRemove, selecting, refetch]);

  return (
    <Stack gap="md" data-testid="screen-connections">
      <Group justify="space-between">
        <Title order={2}>Connections</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ kind: 'add' })} data-testid="connection-add">Add connection</Button>
      </Group>
      <Text size="sm" c="dimmed">
        Every screen shows the connection in use. On an external cluster, broker controls, the cluster map and the event timeline
        are not available: they belong to the embedded cluster.
      </Text>
      {select.error && <ErrorAlert error={select.error} title="Could not use the connection" onClose={select.reset} testId="connection-use-error" />}
      <QueryStatus data={list.data} error={list.error} loading={list.loading} label="the connections">
        {(connections) => (
          <DataTable testId="connections-table" columns={columns} rows={connections} rowKey={(c) => c.id}
            rowTestId={(c) => `connection-row-${c.id}`} rowTone={(c) => (c.selected ? 'accent' : undefined)} searchPlaceholder="Search connections" />
        )}
      </QueryStatus>
      <ConnectionFormModal
        opened={editing !== null}
        saved={editing?.kind === 'edit' ? editing.connection : undefined}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          refetch();
        }}
      />
      <ConfirmModal
        opened={removing !== null}
        title={`Remove ${removing?.name ?? ''}?`}
        confirmLabel="Remove"
        pending={remove.pending}
        confirmTestId="connection-remove-confirm"
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          if (!removing) return;
          if ((await remove.run(removing.id)).ok) setRemoving(null);
          refetch();
        }}
      >
        <Text size="sm">
          Its settings and stored password are deleted; the cluster itself is not touched.
          {removing?.selected ? ' It is in use: the embedded cluster is selected instead.' : ''}
        </Text>
        {remove.error && <ErrorAlert error={remove.error} title="Could not remove the connection" />}
      </ConfirmModal>
    </Stack>
  );
}
