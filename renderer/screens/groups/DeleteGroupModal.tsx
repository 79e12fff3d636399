import { Code, Text } from '@mantine/core';
import { useEffect } from 'react';
import { ConfirmModal } from '../../components/ConfirmModal.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { groupChanges } from './use-groups.js';

/** Deleting a group drops its committed offsets; Kafka refuses while the group has members (NON_EMPTY_GROUP). */
export function DeleteGroupModal({ groupId, opened, onClose, onDeleted }: { groupId: string; opened: boolean; onClose: () => void; onDeleted: () => void }) {
  const remove = useAction(groupChanges.remove);
  const { reset } = remove;
  useEffect(() => {
    if (opened) reset();
  }, [opened, reset]);

  const confirm = async () => {
    if ((await remove.run(groupId)).ok) onDeleted();
  };

  return (
    <ConfirmModal
      opened={opened}
      title={`Delete group ${groupId}?`}
      confirmLabel="Delete group"
      pending={remove.pending}
      onConfirm={() => void confirm()}
      onCancel={onClose}
      confirmTestId="delete-group-confirm"
    >
      <Text size="sm">
        The group's committed offsets are removed: a consumer that joins <Code>{groupId}</Code> again starts from its
        auto.offset.reset position. Kafka deletes only groups with no active members.
      </Text>
      {remove.error && <ErrorAlert error={remove.error} title="Could not delete the group" testId="delete-group-error" />}
    </ConfirmModal>
  );
}
