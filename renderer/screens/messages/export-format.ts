// What an export file holds, record by record. Pure: the runner (./export-run.ts) feeds it full
// records (never truncated previews) in chunks.
//
// JSON Lines (`.jsonl`, UTF-8, one record per line, each line ending in "\n"), one object per line
// with exactly these fields, in this order:
//   {"topic": string, "partition": number, "offset": number, "timestamp": number (ms since the epoch),
//    "key": Bytes, "value": Bytes, "headers": [{"key": string, "value": Bytes}, ...]}
// where Bytes is
//   - null for a null key, value or header value (a tombstone stays a tombstone),
//   - a string, the UTF-8 text of the bytes, when they are valid UTF-8 (a byte-order mark is kept),
//   - {"base64": string}, the standard base64 of the bytes, otherwise.
// Invariant: for a value produced as UTF-8 text (JSON documents included), the exported `value`
// string is exactly the produced string, byte for byte once encoded as UTF-8; JSON values are
// therefore exported as strings of JSON, not re-serialized objects. Headers keep their order and
// duplicates (Kafka allows repeated header keys), hence an array and not an object.
//
// CSV (RFC 4180: comma-separated, CRLF line ends, a header row, fields quoted when they hold a
// comma, a quote, CR or LF, quotes doubled): the columns
//   topic, partition, offset, timestamp (ms), timestamp_iso (UTC), key, key_encoding, value,
//   value_encoding, headers
// where *_encoding is `utf8` (the field is the text), `base64` (the field is base64) or `null`
// (the field is empty), and `headers` is the JSON Lines `headers` array as JSON text.
// NB: no byte-order mark is written and nothing is escaped for spreadsheets (a value starting
// with `=` stays as it is): the file is data, faithful to the bytes.
import type { EncodedBytes, MessageHeader, MessageRecord } from '../../../main/contract/index.js';
import { decodeBase64, utf8Text } from './bytes.js';

export type ExportFormat = 'jsonl' | 'csv';

export type ExportedBytes = string | { base64: string } | null;

export interface ExportedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: ExportedBytes;
  value: ExportedBytes;
  headers: { key: string; value: ExportedBytes }[];
}

/** A field's bytes for export. Throws on a truncated preview: exporting one would lose data silently. */
export function exportedBytes(encoded: EncodedBytes | null): ExportedBytes {
  if (encoded === null) return null;
  if (encoded.truncated) throw new Error('A truncated preview cannot be exported; fetch the full record first.');
  const text = utf8Text(decodeBase64(encoded.base64));
  return text !== null ? text : { base64: encoded.base64 };
}

export function exportedRecord(topic: string, record: MessageRecord): ExportedRecord {
  return {
    topic,
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    key: exportedBytes(record.key),
    value: exportedBytes(record.value),
    headers: record.headers.map((h: MessageHeader) => ({ key: h.key, value: exportedBytes(h.value) })),
  };
}

export function jsonLine(topic: string, record: MessageRecord): string {
  return `${JSON.stringify(exportedRecord(topic, record))}\n`;
}

export const CSV_COLUMNS = ['topic', 'partition', 'offset', 'timestamp', 'timestamp_iso', 'key', 'key_encoding', 'value', 'value_encoding', 'headers'] as const;

export function csvField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

function csvBytes(bytes: ExportedBytes): [field: string, encoding: string] {
  if (bytes === null) return ['', 'null'];
  if (typeof bytes === 'string') return [bytes, 'utf8'];
  return [bytes.base64, 'base64'];
}

export function csvRow(topic: string, record: MessageRecord): string {
  const r = exportedRecord(topic, record);
  const [key, keyEncoding] = csvBytes(r.key);
  const [value, valueEncoding] = csvBytes(r.value);
  const iso = Number.isFinite(r.timestamp) && r.timestamp >= 0 ? new Date(r.timestamp).toISOString() : '';
  const fields = [r.topic, String(r.partition), String(r.offset), String(r.timestamp), iso, key, keyEncoding, value, valueEncoding, JSON.stringify(r.headers)];
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const EXPORT_TYPES: Record<ExportFormat, { extension: string; mime: string }> = {
  jsonl: { extension: 'jsonl', mime: 'application/x-ndjson' },
  csv: { extension: 'csv', mime: 'text/csv' },
};
