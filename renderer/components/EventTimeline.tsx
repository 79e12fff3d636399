import { Box, Group, ScrollArea, Stack, Text } from '@mantine/core';
import type { ClusterEventView } from '../../main/contract/index.js';
import { eventKey, phraseEvent, TONE_COLORS } from './event-phrase.js';
import { formatClock } from './format.js';

/** The cluster's events, in the order given (callers pass newest first). Each item is `timeline-event`. */
export function EventTimeline({ events, height, empty = 'No events yet.' }: { events: ClusterEventView[]; height?: number; empty?: string }) {
  const items = events.map((e) => {
    const phrase = phraseEvent(e);
    return (
      <Group key={eventKey(e)} gap="sm" wrap="nowrap" align="baseline" data-testid="timeline-event" data-event-type={e.type}>
        <Box
          w={8}
          h={8}
          style={{ borderRadius: '50%', flex: 'none', background: `var(--mantine-color-${TONE_COLORS[phrase.tone]}-filled)`, alignSelf: 'center' }}
          aria-hidden
        />
        <Text size="xs" c="dimmed" ff="monospace" style={{ flex: 'none' }}>{formatClock(e.at)}</Text>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{phrase.text}</Text>
      </Group>
    );
  });
  const list = (
    <Stack gap={6} data-testid="event-timeline">
      {items.length > 0 ? items : <Text size="sm" c="dimmed">{empty}</Text>}
    </Stack>
  );
  return height ? <ScrollArea.Autosize mah={height} type="auto" offsetScrollbars>{list}</ScrollArea.Autosize> : list;
}
