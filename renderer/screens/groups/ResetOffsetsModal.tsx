// Resetting a group's committed offsets: choose how and which topics, preview what would be
// committed (previewOffsetReset changes nothing), then confirm. Only offered while the group has
// no active members: a running consumer would commit over the reset.
import { Alert, Button, Checkbox, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { OffsetResetPreview } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { useAction } from '../../hooks/use-action.js';
import { formatOffset } from './lag-format.js';
import { RESET_KINDS, type ResetForm, type ResetKind, resetKey, resetSpec } from './reset-form.js';
import { groupChanges } from './use-groups.js';

const EMPTY_FORM: ResetForm = { kind: 'earliest', dateTime: '', offset: '', shift: '' };

function change(row: OffsetResetPreview): string {
  if (row.currentOffset < 0) return 'new';
  const delta = row.targetOffset - row.currentOffset;
  return delta === 0 ? '0' : `${delta > 0 ? '+' : '−'}${formatCount(Math.abs(delta))}`;
}

function PreviewTable({ rows }: { rows: OffsetResetPreview[] }) {
  return (
    <Table.ScrollContainer minWidth={420} mah={280}>
      <Table striped verticalSpacing={4} data-testid="reset-preview-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Topic</Table.Th>
            <Table.Th ta="right">Partition</Table.Th>
            <Table.Th ta="right">Current</Table.Th>
            <Table.Th ta="right">New</Table.Th>
            <Table.Th ta="right">Change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.topic}-${r.partition}`} data-testid={`reset-preview-row-${r.topic}-${r.partition}`}>
              <Table.Td>{r.topic}</Table.Td>
              <Table.Td ta="right" className="oxbow-mono">{r.partition}</Table.Td>
              <Table.Td ta="right" className="oxbow-mono">{formatOffset(r.currentOffset)}</Table.Td>
              <Table.Td ta="right" className="oxbow-mono" fw={600}>{formatCount(r.targetOffset)}</Table.Td>
              <Table.Td ta="right" className="oxbow-mono">{change(r)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ResetOffsetsModal({ groupId, topics, opened, onClose, onDone }: {
  groupId: string;
  /** The group's topics, all chosen to start with. */
  topics: string[];
  opened: boolean;
  onClose: () => void;
  onDone: (applied: OffsetResetPreview[]) => void;
}) {
  const [form, setForm] = useState<ResetForm>(EMPTY_FORM);
  const [chosen, setChosen] = useState<string[]>(topics);
  const [preview, setPreview] = useState<{ key: string; rows: OffsetResetPreview[] } | null>(null);
  const previewAction = useAction(groupChanges.preview);
  const resetAction = useAction(groupChanges.reset);
  const { reset: clearPreviewError } = previewAction;
  const { reset: clearResetError } = resetAction;
  const topicList = topics.join('\u0000');

  useEffect(() => {
    if (!opened) return;
    setForm(EMPTY_FORM);
    setChosen(topicList ? topicList.split('\u0000') : []);
    setPreview(null);
    clearPreviewError();
    clearResetError();
  }, [opened, topicList, clearPreviewError, clearResetError]);

  const parsed = useMemo(() => resetSpec(form), [form]);
  const key = 'spec' in parsed && chosen.length > 0 ? resetKey(parsed.spec, chosen) : null;
  const current = preview !== null && preview.key === key ? preview.rows : null;
  const set = (patch: Partial<ResetForm>) => setForm((f) => ({ ...f, ...patch }));

  const runPreview = async () => {
    if (!('spec' in parsed) || key === null) return;
    const outcome = await previewAction.run(groupId, chosen, parsed.spec);
    if (outcome.ok) setPreview({ key, rows: outcome.result });
  };
  const runReset = async () => {
    if (!('spec' in parsed) || current === null) return;
    const outcome = await resetAction.run(groupId, chosen, parsed.spec);
    if (outcome.ok) onDone(outcome.result);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Reset offsets of ${groupId}`} size="lg" centered>
      <Stack gap="md" data-testid="reset-modal">
        <SegmentedControl value={form.kind} onChange={(v) => set({ kind: v as ResetKind })} data={RESET_KINDS} data-testid="reset-kind" fullWidth />
        {form.kind === 'timestamp' && (
          <TextInput type="datetime-local" step={1} label="First record at or after (local time)" value={form.dateTime}
            onChange={(e) => set({ dateTime: e.currentTarget.value })} data-testid="reset-timestamp" />
        )}
        {form.kind === 'offset' && (
          <TextInput label="Offset (clamped to each partition's earliest and latest)" value={form.offset} inputMode="numeric"
            onChange={(e) => set({ offset: e.currentTarget.value })} data-testid="reset-offset" />
        )}
        {form.kind === 'shift' && (
          <TextInput label="Shift by (negative re-reads, positive skips; clamped to the log)" value={form.shift} inputMode="numeric"
            onChange={(e) => set({ shift: e.currentTarget.value })} data-testid="reset-shift" />
        )}
        {'problem' in parsed && form.kind !== 'earliest' && form.kind !== 'latest' && (form.dateTime || form.offset || form.shift) && (
          <Text size="sm" c="red" data-testid="reset-problem">{parsed.problem}</Text>
        )}
        <Checkbox.Group label="Topics" value={chosen} onChange={setChosen}>
          <Group gap="md" mt={4}>
            {topics.map((t) => <Checkbox key={t} value={t} label={t} data-testid={`reset-topic-${t}`} />)}
          </Group>
        </Checkbox.Group>
        {topics.length === 0 && <Text size="sm" c="dimmed">The group has committed no offsets: there is nothing to reset.</Text>}
        {previewAction.error && <ErrorAlert error={previewAction.error} title="Could not preview the reset" testId="reset-preview-error" />}
        {current && (current.length > 0
          ? <PreviewTable rows={current} />
          : <Alert color="gray" data-testid="reset-preview-empty">Nothing to reset: no partition has a committed offset to shift from.</Alert>)}
        {resetAction.error && <ErrorAlert error={resetAction.error} title="Could not reset the offsets" testId="reset-error" />}
        <Group justify="space-between">
          <Text size="xs" c="dimmed">Preview first: the reset commits exactly what the preview shows.</Text>
          <Group gap="sm">
            <Button variant="default" onClick={onClose} data-testid="reset-cancel">Cancel</Button>
            <Button variant="light" onClick={() => void runPreview()} disabled={key === null} loading={previewAction.pending} data-testid="reset-preview">Preview</Button>
            <Button color="orange" onClick={() => void runReset()} disabled={!current || current.length === 0} loading={resetAction.pending} data-testid="reset-confirm">
              Reset offsets
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
