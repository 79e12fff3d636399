import { Button, Group, List, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { initialForm, retentionHint, toCreateTopicArgs, validateForm, type CreateTopicForm } from './create-topic-form.js';
import { checkTopicName, TOPIC_NAME_RULES } from './topic-name.js';
import { topicChanges } from './use-topics.js';

const CLEANUP = [
  { value: '', label: 'Broker default' },
  { value: 'delete', label: 'delete (drop old segments)' },
  { value: 'compact', label: 'compact (keep the latest per key)' },
  { value: 'compact,delete', label: 'compact,delete' },
];
const COMPRESSION = ['', 'producer', 'uncompressed', 'gzip', 'snappy', 'lz4', 'zstd'].map((v) => ({
  value: v,
  label: v === '' ? 'Broker default' : v === 'producer' ? "producer (keep the producer's)" : v,
}));

export function CreateTopicModal({ opened, brokerCount, onClose, onCreated }: {
  opened: boolean;
  brokerCount: number;
  onClose: () => void;
  onCreated: (name: string) => void;
}) {
  const [form, setForm] = useState<CreateTopicForm>(() => initialForm(brokerCount));
  const [touched, setTouched] = useState(false);
  const create = useAction(topicChanges.create);
  const resetCreate = create.reset;

  // Whether the user picked a replication factor; until then it follows the broker count.
  const [rfChosen, setRfChosen] = useState(false);
  const brokerCountNow = useRef(brokerCount);
  brokerCountNow.current = brokerCount;
  useEffect(() => {
    if (opened) {
      setForm(initialForm(brokerCountNow.current));
      setTouched(false);
      setRfChosen(false);
      resetCreate();
    }
  }, [opened, resetCreate]);
  // NB: the broker count can arrive after the form opened (a slow first answer) or change while it
  // is open. It moves the default replication factor only, never what the user typed.
  useEffect(() => {
    if (!rfChosen) setForm((f) => ({ ...f, replicationFactor: initialForm(brokerCount).replicationFactor }));
  }, [brokerCount, rfChosen]);

  const errors = useMemo(() => validateForm(form, brokerCount), [form, brokerCount]);
  const nameCheck = checkTopicName(form.name);
  const set = <K extends keyof CreateTopicForm>(key: K, value: CreateTopicForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const invalid = Object.keys(errors).length > 0;
  // The name is checked as it is typed, but an empty name is not an error until the user tries.
  const nameError = form.name === '' && !touched ? undefined : errors.name;

  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const args = toCreateTopicArgs(form);
    if ((await create.run(args)).ok) onCreated(args.name);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Create topic" size="lg" centered>
      <form data-testid="create-topic-modal" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <TextInput
            label="Name"
            description={TOPIC_NAME_RULES}
            placeholder="orders"
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={nameError}
            data-testid="create-topic-name"
            autoFocus
            required
          />
          {nameCheck.warnings.length > 0 && (
            <List size="xs" c="orange.7" data-testid="create-topic-name-warnings">
              {nameCheck.warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}
            </List>
          )}
          <SimpleGrid cols={2}>
            <NumberInput
              label="Partitions"
              description="Units of parallelism; can grow later, never shrink."
              min={1}
              max={10_000}
              allowDecimal={false}
              value={form.partitions}
              onChange={(v) => set('partitions', v)}
              error={errors.partitions}
              data-testid="create-topic-partitions"
            />
            <NumberInput
              label="Replication factor"
              description={brokerCount > 0 ? `Copies on distinct brokers (${brokerCount} available).` : 'Copies on distinct brokers.'}
              min={1}
              max={brokerCount > 0 ? brokerCount : undefined}
              allowDecimal={false}
              value={form.replicationFactor}
              onChange={(v) => {
                setRfChosen(true);
                set('replicationFactor', v);
              }}
              error={errors.replicationFactor}
              data-testid="create-topic-replication"
            />
          </SimpleGrid>
          <Text fw={600} size="sm" mt="xs">Configs <Text span c="dimmed" size="xs">(empty means the broker's default)</Text></Text>
          <SimpleGrid cols={2}>
            <NativeSelect label="cleanup.policy" data={CLEANUP} value={form.cleanupPolicy}
              onChange={(e) => set('cleanupPolicy', e.currentTarget.value as CreateTopicForm['cleanupPolicy'])} data-testid="create-topic-cleanup-policy" />
            <TextInput label="retention.ms" placeholder="604800000" value={form.retentionMs}
              description={retentionHint(form.retentionMs) ?? 'How long to keep records; -1 forever.'}
              onChange={(e) => set('retentionMs', e.currentTarget.value)} error={errors.retentionMs} data-testid="create-topic-retention-ms" />
            <NumberInput label="min.insync.replicas" placeholder="1" min={1} allowDecimal={false} value={form.minInsyncReplicas}
              description="Replicas that must have a write for acks=all."
              onChange={(v) => set('minInsyncReplicas', v)} error={errors.minInsyncReplicas} data-testid="create-topic-min-isr" />
            <NativeSelect label="compression.type" data={COMPRESSION} value={form.compressionType}
              onChange={(e) => set('compressionType', e.currentTarget.value as CreateTopicForm['compressionType'])} data-testid="create-topic-compression" />
          </SimpleGrid>
          {create.error && <ErrorAlert error={create.error} title="Could not create the topic" testId="create-topic-error" />}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose} data-testid="create-topic-cancel">Cancel</Button>
            <Button type="submit" loading={create.pending} disabled={touched && invalid} data-testid="create-topic-submit">Create topic</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
