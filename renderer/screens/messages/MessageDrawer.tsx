// One record in full: where it sits, its key, value and headers (each in the format detected for
// it, switchable), and "Re-produce" to send it again to this or another topic.
import { Badge, Button, Drawer, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { MessageRecord } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatBytes } from '../../components/format.js';
import { previewLine } from './bytes.js';
import { formatTimestamp } from './time.js';
import { useFullRecord } from './use-messages-data.js';
import { ValueView } from './ValueView.js';

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text size="sm" className="oxbow-mono" data-testid={testId}>{value}</Text>
    </div>
  );
}

export function MessageDrawer({ topic, record, onClose, onReproduce }: {
  topic: string;
  record: MessageRecord | null;
  onClose: () => void;
  onReproduce: (record: MessageRecord) => void;
}) {
  const full = useFullRecord(topic, record);
  const shown = full?.record;
  const id = shown ? `${shown.partition}-${shown.offset}` : '';
  return (
    <Drawer opened={record !== null} onClose={onClose} position="right" size="xl" title={shown ? `Partition ${shown.partition} · offset ${shown.offset}` : ''}
      data-testid="message-drawer">
      {shown && full && (
        <Stack gap="md" data-testid={`message-drawer-${id}`}>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Fact label="Partition" value={String(shown.partition)} testId="message-partition" />
            <Fact label="Offset" value={String(shown.offset)} testId="message-offset" />
            <Fact label={shown.timestampType === 'logAppend' ? 'Log append time' : 'Create time'} value={formatTimestamp(shown.timestamp)} testId="message-timestamp" />
            <Fact label="Size" value={formatBytes(shown.sizeBytes)} />
          </SimpleGrid>
          {full.loading && <Group gap="xs"><Loader size="xs" /><Text size="sm" c="dimmed">Loading the full record…</Text></Group>}
          {full.error && <ErrorAlert error={full.error} title="Could not load the full record" testId="message-full-error" />}
          <div>
            <Title order={5} mb={6}>Key</Title>
            <ValueView key={`key-${id}-${full.loading}`} bytes={shown.key} testId="message-key" />
          </div>
          <div>
            <Title order={5} mb={6}>Value</Title>
            <ValueView key={`value-${id}-${full.loading}`} bytes={shown.value} testId="message-value" />
          </div>
          <div>
            <Group gap="xs" mb={6}>
              <Title order={5}>Headers</Title>
              <Badge variant="light" color="gray">{shown.headers.length}</Badge>
            </Group>
            {shown.headers.length === 0 ? (
              <Text size="sm" c="dimmed">No headers.</Text>
            ) : (
              <Table withTableBorder verticalSpacing={4} data-testid="message-headers">
                <Table.Tbody>
                  {shown.headers.map((h, i) => (
                    <Table.Tr key={`${i}:${h.key}`}>
                      <Table.Td className="oxbow-mono" w="35%" style={{ overflowWrap: 'anywhere' }}>{h.key}</Table.Td>
                      <Table.Td className="oxbow-mono" style={{ overflowWrap: 'anywhere' }}>
                        {h.value === null ? <Text span c="dimmed" fs="italic" size="sm">null</Text> : previewLine(h.value)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </div>
          <Group>
            <Button variant="default" onClick={() => onReproduce(shown)} disabled={full.loading} data-testid="message-reproduce">Re-produce…</Button>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}
