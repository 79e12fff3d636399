import { ActionIcon, Badge, Group, Switch, Text, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ConfigSource, TopicConfigEntry } from '../../../main/contract/index.js';
import { DataTable, type Column } from '../../components/DataTable.js';
import { IconPencil, IconRotate } from '../../components/icons.js';
import { configValueHint } from './config-hints.js';

const SOURCE: Record<ConfigSource, { label: string; color: string; variant: 'filled' | 'light' | 'outline' }> = {
  topic: { label: 'topic override', color: 'blue', variant: 'filled' },
  broker: { label: 'broker', color: 'grape', variant: 'light' },
  static: { label: 'static broker config', color: 'grape', variant: 'outline' },
  default: { label: 'default', color: 'gray', variant: 'light' },
  unknown: { label: 'unknown', color: 'gray', variant: 'outline' },
};

export function ConfigsTable({ configs, busy, onEdit, onReset }: {
  configs: TopicConfigEntry[];
  busy: boolean;
  onEdit: (entry: TopicConfigEntry) => void;
  onReset: (entry: TopicConfigEntry) => void;
}) {
  const [onlyOverrides, setOnlyOverrides] = useState(false);
  const columns = useMemo<Column<TopicConfigEntry>[]>(() => [
    { key: 'name', header: 'Config', sortValue: (c) => c.name, render: (c) => <Text size="sm" className="oxbow-mono" fw={c.source === 'topic' ? 700 : 400}>{c.name}</Text> },
    {
      key: 'value',
      header: 'Value',
      sortValue: (c) => c.value,
      render: (c) => (c.sensitive || c.value === null
        ? <Text size="sm" c="dimmed" fs="italic">hidden</Text>
        : (
          <Text size="sm" className="oxbow-mono" style={{ overflowWrap: 'anywhere' }}>
            <span data-testid={`config-value-${c.name}`}>{c.value === '' ? '""' : c.value}</span>
            {configValueHint(c.name, c.value) && <Text span size="xs" c="dimmed" ml={8}>{configValueHint(c.name, c.value)}</Text>}
          </Text>
        )),
    },
    {
      key: 'source',
      header: 'Source',
      sortValue: (c) => c.source,
      searchText: (c) => SOURCE[c.source].label,
      render: (c) => <Badge size="sm" color={SOURCE[c.source].color} variant={SOURCE[c.source].variant} data-testid={`config-source-${c.name}`}>{SOURCE[c.source].label}</Badge>,
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      width: 90,
      render: (c) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Tooltip label={c.readOnly ? 'Read-only' : 'Set an override'}>
            <ActionIcon variant="subtle" disabled={c.readOnly || busy} onClick={() => onEdit(c)} aria-label={`Edit ${c.name}`} data-testid={`config-edit-${c.name}`}>
              <IconPencil size={16} />
            </ActionIcon>
          </Tooltip>
          {c.source === 'topic' && (
            <Tooltip label="Remove the override (back to the broker's value)">
              <ActionIcon variant="subtle" color="orange" disabled={c.readOnly || busy} onClick={() => onReset(c)} aria-label={`Reset ${c.name}`} data-testid={`config-reset-${c.name}`}>
                <IconRotate size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      ),
    },
  ], [busy, onEdit, onReset]);

  const overrides = configs.filter((c) => c.source === 'topic').length;
  return (
    <DataTable
      testId="config-table"
      columns={columns}
      rows={onlyOverrides ? configs.filter((c) => c.source === 'topic') : configs}
      rowKey={(c) => c.name}
      rowTestId={(c) => `config-row-${c.name}`}
      rowTone={(c) => (c.source === 'topic' ? 'accent' : undefined)}
      initialSort={{ key: 'name', direction: 'asc' }}
      searchPlaceholder="Search configs"
      toolbar={<Switch label={`Only overrides (${overrides})`} checked={onlyOverrides} onChange={(e) => setOnlyOverrides(e.currentTarget.checked)} data-testid="config-only-overrides" />}
      empty="This topic overrides nothing."
    />
  );
}
