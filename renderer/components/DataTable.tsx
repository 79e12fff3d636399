// The one table of the app: sorts by clicking a header, searches across columns, scrolls sideways
// on narrow windows. Presentational: rows come in as props, and the only state is the view's own.
import { Group, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMemo, useState, type ReactNode } from 'react';
import { IconChevronDown, IconChevronUp, IconSearch, IconSelector } from './icons.js';
import { nextSort, searchRows, sortRows, type ColumnModel, type SortSpec } from './table-model.js';

export interface Column<T> extends ColumnModel<T> {
  header: ReactNode;
  render: (row: T) => ReactNode;
  align?: 'left' | 'right' | 'center';
  width?: number | string;
}

export type RowTone = 'danger' | 'warning' | 'accent' | undefined;

export interface DataTableProps<T> {
  /** `data-testid` of the table; the search box is `<testId>-search`, headers `<testId>-sort-<column>`. */
  testId: string;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  rowTestId?: (row: T) => string;
  /** Highlights a row (under-replicated partitions, topic overrides). */
  rowTone?: (row: T) => RowTone;
  initialSort?: SortSpec;
  searchPlaceholder?: string;
  /** Controls shown beside the search box. */
  toolbar?: ReactNode;
  empty?: ReactNode;
  minWidth?: number;
}

const TONE_BACKGROUND: Record<Exclude<RowTone, undefined>, string> = {
  danger: 'var(--mantine-color-red-light)',
  warning: 'var(--mantine-color-orange-light)',
  accent: 'var(--mantine-color-blue-light)',
};

function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  if (direction === 'asc') return <IconChevronUp size={14} />;
  if (direction === 'desc') return <IconChevronDown size={14} />;
  return <IconSelector size={14} opacity={0.5} />;
}

export function DataTable<T>({ testId, columns, rows, rowKey, rowTestId, rowTone, initialSort, searchPlaceholder = 'Search', toolbar, empty, minWidth = 600 }: DataTableProps<T>) {
  const [sort, setSort] = useState<SortSpec | null>(initialSort ?? null);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => sortRows(searchRows(rows, columns, query), columns, sort), [rows, columns, query, sort]);

  return (
    <div>
      <Group justify="space-between" mb="sm" gap="sm" wrap="wrap">
        <TextInput
          placeholder={searchPlaceholder}
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid={`${testId}-search`}
          aria-label={searchPlaceholder}
          w={280}
        />
        {toolbar && <Group gap="sm">{toolbar}</Group>}
      </Group>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing="xs" data-testid={testId}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => {
                const direction = sort?.key === c.key ? sort.direction : null;
                return (
                  <Table.Th
                    key={c.key}
                    w={c.width}
                    ta={c.align}
                    aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : undefined}
                  >
                    {c.sortValue ? (
                      <UnstyledButton onClick={() => setSort((s) => nextSort(s, c.key))} data-testid={`${testId}-sort-${c.key}`}>
                        <Group gap={4} wrap="nowrap" justify={c.align === 'right' ? 'flex-end' : 'flex-start'}>
                          <Text fw={600} size="sm">{c.header}</Text>
                          <SortIcon direction={direction} />
                        </Group>
                      </UnstyledButton>
                    ) : (
                      <Text fw={600} size="sm">{c.header}</Text>
                    )}
                  </Table.Th>
                );
              })}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row) => {
              const tone = rowTone?.(row);
              return (
                <Table.Tr key={rowKey(row)} data-testid={rowTestId?.(row)} data-tone={tone} bg={tone ? TONE_BACKGROUND[tone] : undefined}>
                  {columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align}>{c.render(row)}</Table.Td>
                  ))}
                </Table.Tr>
              );
            })}
            {shown.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={columns.length}>
                  <Text c="dimmed" size="sm" ta="center" py="md" data-testid={`${testId}-empty`}>
                    {rows.length > 0 ? `Nothing matches "${query}".` : (empty ?? 'Nothing here yet.')}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}
