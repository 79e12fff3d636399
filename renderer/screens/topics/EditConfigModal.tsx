import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TopicConfigEntry } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { topicChanges } from './use-topics.js';

/** Sets one config as a topic override; the cluster validates the value. */
export function EditConfigModal({ topic, entry, onClose, onSaved }: { topic: string; entry: TopicConfigEntry | null; onClose: () => void; onSaved: () => void }) {
  const [value, setValue] = useState('');
  const save = useAction(topicChanges.setConfig);
  const resetSave = save.reset;
  useEffect(() => {
    setValue(entry?.value ?? '');
    resetSave();
  }, [entry, resetSave]);

  const submit = async () => {
    if (entry && (await save.run(topic, entry.name, value.trim())).ok) onSaved();
  };

  return (
    <Modal opened={entry !== null} onClose={onClose} title={<>Set <Code>{entry?.name}</Code> on {topic}</>} centered>
      <form data-testid="config-edit-modal" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Now {entry?.value === null ? 'hidden' : <Code>{entry?.value}</Code>} from the {entry?.source} level. Saving makes it a topic override.
          </Text>
          <TextInput label="New value" value={value} onChange={(e) => setValue(e.currentTarget.value)} data-testid="config-value-input" data-autofocus />
          {save.error && <ErrorAlert error={save.error} title="The value was not accepted" testId="config-error" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={save.pending} disabled={value.trim() === ''} data-testid="config-save">Save override</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
