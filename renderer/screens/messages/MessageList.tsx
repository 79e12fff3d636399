// The loaded records as a virtualized list: fixed-height rows, only the visible ones (plus a few)
// in the DOM, so 100,000 loaded records scroll like 100. Nearing the end asks for more (infinite
// scroll); with `follow` (live tail) it stays pinned to the bottom while the user is there.
import { Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { MessageRecord } from '../../../main/contract/index.js';
import { formatBytes } from '../../components/format.js';
import { previewLine } from './bytes.js';
import { formatTimestamp } from './time.js';
import './messages.css';

export const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 34;
/** Rows from the end at which the next page is asked for. */
const NEAR_END = 40;
const rowHeight = () => ROW_HEIGHT;

const Row = memo(function Row({ record, top, selected, onOpen }: { record: MessageRecord; top: number; selected: boolean; onOpen: (r: MessageRecord) => void }) {
  return (
    <div
      role="row"
      tabIndex={0}
      className="oxbow-msg-row oxbow-msg-grid"
      style={{ top, height: ROW_HEIGHT }}
      data-selected={selected}
      data-testid={`message-row-${record.partition}-${record.offset}`}
      onClick={() => onOpen(record)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(record);
        }
      }}
    >
      <div role="cell" className="oxbow-msg-cell oxbow-mono" data-align="right">{record.partition}</div>
      <div role="cell" className="oxbow-msg-cell oxbow-mono" data-align="right">{record.offset}</div>
      <div role="cell" className="oxbow-msg-cell oxbow-mono">{formatTimestamp(record.timestamp)}</div>
      <div role="cell" className="oxbow-msg-cell oxbow-mono">{record.key === null ? <Text span c="dimmed" size="sm">null</Text> : previewLine(record.key)}</div>
      <div role="cell" className="oxbow-msg-cell oxbow-mono" data-testid="message-cell-value">{record.value === null ? <Text span c="dimmed" size="sm">null</Text> : previewLine(record.value)}</div>
      <div role="cell" className="oxbow-msg-cell" data-align="right">{record.headers.length}</div>
      <div role="cell" className="oxbow-msg-cell" data-align="right">{formatBytes(record.sizeBytes)}</div>
    </div>
  );
});

export function MessageList({ rows, onOpen, selected, onNearEnd, follow, height = 'max(320px, calc(100vh - 420px))', empty }: {
  rows: readonly MessageRecord[];
  onOpen: (record: MessageRecord) => void;
  selected?: MessageRecord | null;
  onNearEnd?: () => void;
  follow?: boolean;
  height?: string | number;
  empty?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const getScrollElement = useCallback(() => scrollRef.current, []);
  const atBottom = useRef(true);
  // Invariant: the option functions keep their identity between renders (per `rows` for the key):
  // the virtualizer recomputes every row's position when they change, O(rows) on each scroll frame.
  const getItemKey = useCallback((i: number) => `${rows[i].partition}-${rows[i].offset}`, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement,
    estimateSize: rowHeight,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
    getItemKey,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1].index : -1;

  const nearEnd = useRef(onNearEnd);
  nearEnd.current = onNearEnd;
  useEffect(() => {
    if (rows.length > 0 && lastIndex >= rows.length - NEAR_END) nearEnd.current?.();
  }, [lastIndex, rows.length]);

  // Live tail: new rows keep the view at the bottom, unless the user scrolled up to read.
  useLayoutEffect(() => {
    if (rows.length === 0) {
      // A new read: back to the top (the browser clamps scrollTop without telling the virtualizer), following again.
      atBottom.current = true;
      virtualizer.scrollToOffset(0);
    } else if (follow && atBottom.current) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [follow, rows.length, virtualizer]);

  return (
    <div
      ref={scrollRef}
      className="oxbow-msg-scroll"
      style={{ height }}
      data-testid="message-list"
      data-count={rows.length}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
      }}
    >
      <div role="table" aria-rowcount={rows.length} style={{ minWidth: 940 }}>
        <div role="row" className="oxbow-msg-header oxbow-msg-grid">
          <div role="columnheader" className="oxbow-msg-cell" data-align="right">Partition</div>
          <div role="columnheader" className="oxbow-msg-cell" data-align="right">Offset</div>
          <div role="columnheader" className="oxbow-msg-cell">Timestamp</div>
          <div role="columnheader" className="oxbow-msg-cell">Key</div>
          <div role="columnheader" className="oxbow-msg-cell">Value</div>
          <div role="columnheader" className="oxbow-msg-cell" data-align="right">Headers</div>
          <div role="columnheader" className="oxbow-msg-cell" data-align="right">Size</div>
        </div>
        <div role="rowgroup" style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const record = rows[item.index];
            return (
              <Row key={item.key} record={record} top={item.start - HEADER_HEIGHT} onOpen={onOpen}
                selected={!!selected && selected.partition === record.partition && selected.offset === record.offset} />
            );
          })}
        </div>
        {rows.length === 0 && empty && <Text c="dimmed" size="sm" ta="center" py="xl" data-testid="message-list-empty">{empty}</Text>}
      </div>
    </div>
  );
}
