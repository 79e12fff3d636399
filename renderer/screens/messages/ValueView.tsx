// One field's bytes (a key or a value) in the format detected for them, with a switch to the
// others: JSON (tree), text, hex dump, base64. JSON and text are offered only when they apply.
import { Badge, Group, SegmentedControl, Text } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { EncodedBytes } from '../../../main/contract/index.js';
import { formatBytes } from '../../components/format.js';
import { decodeBytes, hexDump, type ValueFormat } from './bytes.js';
import { JsonTree } from './JsonTree.js';
import './messages.css';

const LABELS: Record<ValueFormat, string> = { json: 'JSON', text: 'Text', hex: 'Hex', base64: 'Base64' };

/** `testId` marks the content; the switch is `<testId>-format`. */
export function ValueView({ bytes, testId }: { bytes: EncodedBytes | null; testId: string }) {
  const decoded = useMemo(() => (bytes ? decodeBytes(bytes) : null), [bytes]);
  const [chosen, setChosen] = useState<ValueFormat | null>(null);
  if (!decoded || !bytes) {
    return <Text size="sm" c="dimmed" fs="italic" data-testid={testId} data-format="null">null</Text>;
  }
  const available: ValueFormat[] = [...(decoded.json.ok ? ['json' as const] : []), ...(decoded.text !== null ? ['text' as const] : []), 'hex', 'base64'];
  const format = chosen && available.includes(chosen) ? chosen : decoded.detected;
  return (
    <div>
      <Group justify="space-between" mb={6} gap="xs">
        <SegmentedControl size="xs" value={format} onChange={(v) => setChosen(v as ValueFormat)} data-testid={`${testId}-format`}
          data={(['json', 'text', 'hex', 'base64'] as const).map((f) => ({ value: f, label: LABELS[f], disabled: !available.includes(f) }))} />
        <Group gap={6}>
          {decoded.truncated && <Badge color="orange" variant="light" data-testid={`${testId}-truncated`}>preview of {formatBytes(bytes.length)}</Badge>}
          <Text size="xs" c="dimmed">{formatBytes(decoded.length)}</Text>
        </Group>
      </Group>
      <div data-testid={testId} data-format={format}>
        {format === 'json' && decoded.json.ok && <JsonTree value={decoded.json.value} testId={`${testId}-tree`} />}
        {format === 'text' && <pre className="oxbow-pre">{decoded.text}</pre>}
        {format === 'hex' && <pre className="oxbow-pre">{hexDump(decoded.bytes)}</pre>}
        {format === 'base64' && <pre className="oxbow-pre">{bytes.base64}</pre>}
      </div>
    </div>
  );
}
