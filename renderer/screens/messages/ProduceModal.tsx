// Produce one record: key, value (JSON validated, or text), headers, partition (or by key) and
// compression. Opened empty from the browser, or prefilled by "Re-produce" from the detail drawer.
import { ActionIcon, Alert, Button, Checkbox, Group, JsonInput, Modal, NativeSelect, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { ProducedMessage, TopicSummary } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { IconPlus, IconTrash } from '../../components/icons.js';
import { useAction } from '../../hooks/use-action.js';
import { parseJson } from './bytes.js';
import { COMPRESSIONS, headerRow, produceArgs, produceProblem, type ProduceForm } from './produce-form.js';
import { produce } from './use-messages-data.js';

export function ProduceModal({ initial, topics, onClose, onProduced }: {
  /** null: closed. */
  initial: ProduceForm | null;
  topics: readonly TopicSummary[];
  onClose: () => void;
  onProduced?: (topic: string, result: ProducedMessage) => void;
}) {
  const [form, setForm] = useState<ProduceForm | null>(initial);
  const [produced, setProduced] = useState<ProducedMessage | null>(null);
  const action = useAction(produce);
  const resetAction = action.reset;
  useEffect(() => {
    setForm(initial);
    setProduced(null);
    resetAction();
  }, [initial, resetAction]);

  const set = <K extends keyof ProduceForm>(key: K, value: ProduceForm[K]) => setForm((f) => (f ? { ...f, [key]: value } : f));
  const partitionCount = topics.find((t) => t.name === form?.topic)?.partitions ?? 0;
  const problem = form ? produceProblem(form) : null;
  const base64 = form?.encoding === 'base64';

  const submit = async () => {
    if (!form || problem) return;
    setProduced(null);
    const outcome = await action.run(produceArgs(form));
    if (outcome.ok) {
      setProduced(outcome.result);
      onProduced?.(form.topic, outcome.result);
    }
  };

  return (
    <Modal opened={initial !== null} onClose={onClose} title="Produce a message" size="xl" data-testid="produce-modal">
      {form && (
        <Stack gap="sm">
          <Group grow align="flex-end">
            <Select label="Topic" searchable data={topics.filter((t) => !t.internal).map((t) => t.name)} value={form.topic}
              onChange={(v) => v && setForm({ ...form, topic: v, partition: 'key' })} data-testid="produce-topic" />
            <NativeSelect label="Partition" value={form.partition} onChange={(e) => set('partition', e.currentTarget.value as ProduceForm['partition'])}
              data={[{ value: 'key', label: 'By key' }, ...Array.from({ length: partitionCount }, (_, p) => ({ value: String(p), label: String(p) }))]}
              data-testid="produce-partition" />
            <NativeSelect label="Compression" value={form.compression} onChange={(e) => set('compression', e.currentTarget.value as ProduceForm['compression'])}
              data={COMPRESSIONS} data-testid="produce-compression" />
          </Group>
          <Group justify="space-between" align="flex-end">
            <SegmentedControl size="xs" value={form.encoding} onChange={(v) => set('encoding', v as ProduceForm['encoding'])} data-testid="produce-encoding"
              data={[{ value: 'text', label: 'UTF-8 text' }, { value: 'base64', label: 'Base64 bytes' }]} />
            {!base64 && (
              <SegmentedControl size="xs" value={form.valueKind} onChange={(v) => set('valueKind', v as ProduceForm['valueKind'])} data-testid="produce-value-kind"
                data={[{ value: 'json', label: 'JSON value' }, { value: 'text', label: 'Text value' }]} />
            )}
          </Group>
          <TextInput label={base64 ? 'Key (base64)' : 'Key'} description="Empty: no key" value={form.key} onChange={(e) => set('key', e.currentTarget.value)}
            data-testid="produce-key" styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
          {!base64 && form.valueKind === 'json' ? (
            <JsonInput label="Value" autosize minRows={4} maxRows={16} value={form.value} onChange={(v) => set('value', v)} disabled={form.tombstone}
              validationError="Not valid JSON" data-testid="produce-value" />
          ) : (
            <Textarea label={base64 ? 'Value (base64)' : 'Value'} autosize minRows={4} maxRows={16} value={form.value} onChange={(e) => set('value', e.currentTarget.value)}
              disabled={form.tombstone} data-testid="produce-value" styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
          )}
          <Group justify="space-between">
            <Checkbox label="Null value (tombstone)" checked={form.tombstone} onChange={(e) => set('tombstone', e.currentTarget.checked)} data-testid="produce-tombstone" />
            {!base64 && form.valueKind === 'json' && (
              <Button size="xs" variant="subtle" disabled={!parseJson(form.value).ok || form.tombstone} data-testid="produce-format-json"
                onClick={() => set('value', JSON.stringify(JSON.parse(form.value), null, 2))}>Format JSON</Button>
            )}
          </Group>
          <div>
            <Group justify="space-between" mb={4}>
              <Text size="sm" fw={500}>Headers{base64 ? ' (values in base64)' : ''}</Text>
              <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} onClick={() => set('headers', [...form.headers, headerRow()])}
                data-testid="produce-header-add">Add header</Button>
            </Group>
            <Stack gap={6}>
              {form.headers.map((h, i) => (
                <Group key={h.id} gap="xs" wrap="nowrap">
                  <TextInput placeholder="name" value={h.key} style={{ flex: 1 }} aria-label={`Header ${i + 1} name`} data-testid={`produce-header-key-${i}`}
                    onChange={(e) => set('headers', form.headers.map((x) => (x.id === h.id ? { ...x, key: e.currentTarget.value } : x)))} />
                  <TextInput placeholder="value" value={h.value} style={{ flex: 2 }} aria-label={`Header ${i + 1} value`} data-testid={`produce-header-value-${i}`}
                    onChange={(e) => set('headers', form.headers.map((x) => (x.id === h.id ? { ...x, value: e.currentTarget.value } : x)))} />
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove header ${i + 1}`} data-testid={`produce-header-remove-${i}`}
                    onClick={() => set('headers', form.headers.filter((x) => x.id !== h.id))}>
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
          </div>
          {action.error && <ErrorAlert error={action.error} title="Could not produce" testId="produce-error" />}
          {produced && (
            <Alert color="teal" variant="light" data-testid="produce-result">
              Produced to partition {produced.partition} at offset {produced.offset}.
            </Alert>
          )}
          {problem && <Text size="xs" c="dimmed" data-testid="produce-problem">{problem}</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Close</Button>
            <Button onClick={() => void submit()} disabled={!!problem} loading={action.pending} data-testid="produce-submit">Produce</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
