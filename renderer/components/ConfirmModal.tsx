import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ConfirmModalProps {
  opened: boolean;
  title: ReactNode;
  children?: ReactNode;
  confirmLabel: string;
  color?: string;
  /** When given, confirming is blocked until it returns true (e.g. the user typed a name). */
  canConfirm?: boolean;
  pending?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  /** `data-testid` of the confirm button. */
  confirmTestId?: string;
}

/** Asks before something disruptive; the confirm button is `confirm-button` unless named, cancel is `confirm-cancel`. */
export function ConfirmModal({ opened, title, children, confirmLabel, color = 'red', canConfirm = true, pending, onConfirm, onCancel, confirmTestId = 'confirm-button' }: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered>
      <Stack gap="md" data-testid="confirm-modal">
        {children}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel} data-testid="confirm-cancel">Cancel</Button>
          <Button color={color} onClick={onConfirm} disabled={!canConfirm} loading={pending} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
