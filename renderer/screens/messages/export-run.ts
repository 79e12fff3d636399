// Builds an export of the loaded records in chunks, yielding to the event loop between chunks so
// the window stays responsive and a progress bar can move. Rows hold previews truncated at 4 KiB;
// those records are fetched in full (getMessage) before they are written.
import type { MessageRecord } from '../../../main/contract/index.js';
import { csvHeader, csvRow, jsonLine, type ExportFormat } from './export-format.js';

export interface ExportOptions {
  topic: string;
  format: ExportFormat;
  /** The full record (getMessage); null when the broker no longer has it. */
  fetchFull: (partition: number, offset: number) => Promise<MessageRecord | null>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  chunkSize?: number;
  /** Concurrent getMessage calls for truncated rows. */
  fetchConcurrency?: number;
  /** Injected so tests need no timers. */
  yieldToEventLoop?: () => Promise<void>;
}

export function isTruncated(record: MessageRecord): boolean {
  return !!record.key?.truncated || !!record.value?.truncated || record.headers.some((h) => !!h.value?.truncated);
}

/** A macrotask turn without setTimeout's clamping (throttled to 1 s in background tabs). */
export function nextMacrotask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The file's text, as parts for a Blob (one per chunk: no single giant string). */
export async function buildExport(rows: readonly MessageRecord[], options: ExportOptions): Promise<string[]> {
  const { topic, format, fetchFull, onProgress, signal } = options;
  const chunkSize = options.chunkSize ?? 500;
  const pause = options.yieldToEventLoop ?? nextMacrotask;
  const line = format === 'jsonl' ? jsonLine : csvRow;
  const parts: string[] = format === 'csv' ? [csvHeader()] : [];
  onProgress?.(0, rows.length);
  for (let at = 0; at < rows.length; at += chunkSize) {
    signal?.throwIfAborted();
    const chunk = rows.slice(at, at + chunkSize);
    const full = await mapLimited(chunk, options.fetchConcurrency ?? 6, async (row) => {
      if (!isTruncated(row)) return row;
      const record = await fetchFull(row.partition, row.offset);
      if (!record) throw new Error(`Partition ${row.partition} offset ${row.offset} is no longer on the cluster (retention or compaction); reload and export again.`);
      return record;
    });
    signal?.throwIfAborted();
    let text = '';
    for (const record of full) text += line(topic, record);
    parts.push(text);
    onProgress?.(Math.min(at + chunkSize, rows.length), rows.length);
    await pause();
  }
  return parts;
}
