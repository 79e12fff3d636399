// Filters the server applies while reading (MessageFilter): text in the key, value or headers, and
// a field of JSON values by path, optionally equal to a value.
import { Button, Group, Text, TextInput } from '@mantine/core';
import type { KeyboardEvent } from 'react';
import { filterProblem, type FilterForm } from './filter-model.js';

export function FilterBar({ form, onChange, onApply, onClear, active }: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  onApply: () => void;
  onClear: () => void;
  /** A filter is in force on what is shown. */
  active: boolean;
}) {
  const set = (key: keyof FilterForm, value: string) => onChange({ ...form, [key]: value });
  const problem = filterProblem(form);
  const enter = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !problem) onApply();
  };
  const field = (key: keyof FilterForm, label: string, placeholder: string, testId: string, w: number) => (
    <TextInput label={label} placeholder={placeholder} w={w} value={form[key]} onChange={(e) => set(key, e.currentTarget.value)}
      onKeyDown={enter} data-testid={testId} />
  );
  return (
    <div>
      <Group gap="sm" align="flex-end" wrap="wrap">
        {field('key', 'Key contains', 'text', 'filter-key', 150)}
        {field('value', 'Value contains', 'text', 'filter-value', 170)}
        {field('header', 'Header contains', 'name or value', 'filter-header', 150)}
        {field('jsonPath', 'JSON path', 'order.items[0].sku', 'filter-json-path', 190)}
        {field('jsonEquals', 'equals', 'any value', 'filter-json-equals', 130)}
        <Button variant="light" onClick={onApply} disabled={!!problem} data-testid="filter-apply">Apply filter</Button>
        {active && <Button variant="subtle" color="gray" onClick={onClear} data-testid="filter-clear">Clear</Button>}
      </Group>
      {problem && <Text size="xs" c="red" mt={4} data-testid="filter-problem">{problem}</Text>}
    </div>
  );
}
