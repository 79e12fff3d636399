import { Badge, Loader, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { BrokerView } from '../../../main/contract/index.js';
import { BrokerStateBadge } from '../../components/BrokerStateBadge.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { formatBytes, formatCount } from '../../components/format.js';
import type { BrokerAction } from './broker-actions.js';
import { BrokerControls } from './BrokerControls.js';

export function BrokerTable({ brokers, busy, withControls, onAction }: {
  brokers: BrokerView[];
  busy: ReadonlySet<number | string>;
  withControls: boolean;
  onAction: (action: BrokerAction, broker: BrokerView) => void;
}) {
  const columns = useMemo<Column<BrokerView>[]>(() => {
    const cols: Column<BrokerView>[] = [
      { key: 'id', header: 'ID', sortValue: (b) => b.id, render: (b) => <Text fw={600} className="oxbow-mono">{b.id}</Text>, width: 60 },
      { key: 'address', header: 'Address', sortValue: (b) => `${b.host}:${b.port}`, render: (b) => <Text size="sm" className="oxbow-mono">{b.host}:{b.port}</Text> },
      {
        key: 'state',
        header: 'Status',
        sortValue: (b) => b.state,
        render: (b) => (
          <>
            <BrokerStateBadge state={b.state} testId={`broker-status-${b.id}`} />
            {busy.has(b.id) && <Loader size={12} ml={6} />}
          </>
        ),
      },
      {
        key: 'fenced',
        header: 'Fenced',
        sortValue: (b) => b.fenced,
        searchText: (b) => (b.fenced ? 'fenced' : ''),
        render: (b) => (b.fenced ? <Badge color="red" variant="outline" data-testid={`broker-fenced-${b.id}`}>fenced</Badge> : <Text size="sm" c="dimmed">no</Text>),
      },
      { key: 'partitions', header: 'Partitions', align: 'right', sortValue: (b) => b.partitions, render: (b) => <span className="oxbow-mono">{formatCount(b.partitions)}</span> },
      { key: 'leaders', header: 'Leaders', align: 'right', sortValue: (b) => b.leaders, render: (b) => <span className="oxbow-mono" data-testid={`broker-leaders-${b.id}`}>{formatCount(b.leaders)}</span> },
      { key: 'disk', header: 'Disk used', align: 'right', sortValue: (b) => b.diskBytes, searchText: () => '', render: (b) => <span className="oxbow-mono">{formatBytes(b.diskBytes)}</span> },
    ];
    if (withControls) {
      cols.push({ key: 'controls', header: 'Controls', render: (b) => <BrokerControls broker={b} busy={busy.has(b.id)} onAction={onAction} /> });
    }
    return cols;
  }, [busy, withControls, onAction]);

  return (
    <DataTable
      testId="broker-table"
      columns={columns}
      rows={brokers}
      rowKey={(b) => String(b.id)}
      rowTestId={(b) => `broker-row-${b.id}`}
      rowTone={(b) => (b.state === 'killed' || b.state === 'crashed' ? 'danger' : b.state === 'running' ? undefined : 'warning')}
      initialSort={{ key: 'id', direction: 'asc' }}
      searchPlaceholder="Search brokers"
      minWidth={withControls ? 980 : 640}
    />
  );
}
