import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { topicChanges } from './use-topics.js';

/** Grows a topic. Kafka never shrinks one, and keys map to different partitions afterwards. */
export function AddPartitionsModal({ topic, current, opened, onClose, onDone }: { topic: string; current: number; opened: boolean; onClose: () => void; onDone: () => void }) {
  const [total, setTotal] = useState<number | string>(current + 1);
  const grow = useAction(topicChanges.addPartitions);
  const resetGrow = grow.reset;
  useEffect(() => {
    if (opened) {
      setTotal(current + 1);
      resetGrow();
    }
  }, [opened, current, resetGrow]);

  const count = Number(total);
  const error = !Number.isInteger(count) || count <= current ? `More than the current ${current}.` : undefined;
  const submit = async () => {
    if (!error && (await grow.run(topic, count)).ok) onDone();
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Add partitions to ${topic}`} centered>
      <form data-testid="add-partitions-modal" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <NumberInput label="New partition count" description={`Now ${current}. Partitions can be added, never removed.`} min={current + 1} max={10_000}
            allowDecimal={false} value={total} onChange={setTotal} error={error} data-testid="add-partitions-count" data-autofocus />
          <Text size="xs" c="dimmed">Records with a key go to hash(key) mod partitions: after growing, a key may land on a different partition than its earlier records.</Text>
          {grow.error && <ErrorAlert error={grow.error} title="Could not add partitions" testId="add-partitions-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={grow.pending} disabled={!!error} data-testid="add-partitions-submit">Add partitions</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
