import { ActionIcon, Group, Kbd, Modal, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconKeyboard } from '../components/icons.js';
import { SHORTCUTS } from './use-shortcuts.js';

const LABELS = {
  overview: 'Overview', brokers: 'Brokers', topics: 'Topics', messages: 'Messages', groups: 'Consumer groups', connections: 'Connections',
} as const;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const modKey = isMac ? '⌘' : 'Ctrl';

function Keys({ keys }: { keys: string }) {
  return (
    <Group gap={4} wrap="nowrap">
      {keys.split(/([ +])/).map((part, i) =>
        part === ' ' ? <Text key={i} size="xs" c="dimmed">then</Text>
          : part === '+' ? <Text key={i} size="xs">+</Text>
            : <Kbd key={i} size="xs">{part === 'mod' ? modKey : part}</Kbd>)}
    </Group>
  );
}

function ShortcutTable() {
  return (
    <Table withRowBorders={false} verticalSpacing={4}>
      <Table.Tbody>
        {SHORTCUTS.map((s) => (
          <Table.Tr key={s.screen}>
            <Table.Td><Text size="sm">{LABELS[s.screen]}</Text></Table.Td>
            <Table.Td><Keys keys={s.sequence} /></Table.Td>
            <Table.Td><Keys keys={s.chord} /></Table.Td>
          </Table.Tr>
        ))}
        <Table.Tr>
          <Table.Td><Text size="sm">This help</Text></Table.Td>
          <Table.Td colSpan={2}><Kbd size="xs">?</Kbd></Table.Td>
        </Table.Tr>
      </Table.Tbody>
    </Table>
  );
}

export function ShortcutHelp({ opened, onOpen, onClose }: { opened: boolean; onOpen: () => void; onClose: () => void }) {
  return (
    <>
      <Tooltip label={<Stack gap={2}><Text size="xs">Keyboard shortcuts (?)</Text><Text size="xs" c="dimmed">g o · g b · g t</Text></Stack>}>
        <ActionIcon variant="default" size="lg" onClick={onOpen} aria-label="Keyboard shortcuts" data-testid="shortcuts-help">
          <IconKeyboard />
        </ActionIcon>
      </Tooltip>
      <Modal opened={opened} onClose={onClose} title="Keyboard shortcuts" centered>
        <div data-testid="shortcuts-modal"><ShortcutTable /></div>
      </Modal>
    </>
  );
}
