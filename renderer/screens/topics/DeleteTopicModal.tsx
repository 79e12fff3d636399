import { Code, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { topicChanges } from './use-topics.js';

/** Deleting a topic drops its data on every broker, so the user types its name to confirm. */
export function DeleteTopicModal({ topic, onClose, onDeleted }: { topic: string | null; onClose: () => void; onDeleted: (name: string) => void }) {
  const [typed, setTyped] = useState('');
  const remove = useAction(topicChanges.remove);
  const resetRemove = remove.reset;
  useEffect(() => {
    setTyped('');
    resetRemove();
  }, [topic, resetRemove]);

  const confirm = async () => {
    if (topic && (await remove.run(topic)).ok) onDeleted(topic);
  };

  return (
    <ConfirmModal
      opened={topic !== null}
      title={`Delete topic ${topic ?? ''}?`}
      confirmLabel="Delete topic"
      canConfirm={typed === topic}
      pending={remove.pending}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      confirmTestId="delete-topic-confirm"
    >
      <Text size="sm">
        Every partition and all its records are removed from every broker. Consumers of the topic will get errors. This cannot be undone.
      </Text>
      <TextInput
        label={<>Type <Code>{topic}</Code> to confirm</>}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        data-testid="delete-topic-confirm-input"
        autoComplete="off"
        spellCheck={false}
        data-autofocus
      />
      {remove.error && <ErrorAlert error={remove.error} title="Could not delete the topic" testId="delete-topic-error" />}
    </ConfirmModal>
  );
}
