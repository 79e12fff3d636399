// What a compat check produces and what it reads back, in one client-neutral shape, and the
// byte-for-byte comparison between the two.
import crypto from 'node:crypto';
import { expect } from 'vitest';

export const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Codec = (typeof CODECS)[number];
/** The RecordBatch attributes bits 0-2 for each codec. */
export const CODEC_ID: Readonly<Record<Codec, number>> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export type Header = [key: string, value: Buffer | null];

export interface ProducedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: Header[];
}

export interface ConsumedRecord extends ProducedRecord {
  topic: string;
  partition: number;
  offset: number;
}

/** Kafka's default max.message.bytes (a whole batch, LOG_OVERHEAD included): 1 MiB + 12. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
export const ONE_MIB = 1_048_576;
/**
 * The largest uncompressed value used under the default limit: 1 KiB of room for the batch header
 * (61 bytes), the record's own fields, a short key and headers.
 */
export const LARGEST_UNCOMPRESSED_VALUE = ONE_MIB - 1024;

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same payloads. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['kafka', 'oxbow', 'record', 'batch', 'offset', 'leader', 'replica', 'segment', 'index', 'fetch', 'produce', 'topic'];

/**
 * Printable text that every codec shrinks several times over (librdkafka keeps a batch
 * uncompressed when compression does not shrink it), without tabs or newlines, so kcat can send it.
 */
export function compressibleText(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const word = `${WORDS[Math.floor(random() * WORDS.length)]}-${Math.floor(random() * 100)} `;
    parts.push(word);
    length += word.length;
  }
  return Buffer.from(parts.join('').slice(0, size), 'latin1');
}

/** Bytes that are not text (NUL, 0xff, newlines, invalid UTF-8) but still compress well. */
export function compressibleBinary(size: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const alphabet = [0x00, 0xff, 0x0a, 0x09, 0x80, 0xc3, 0x28, 0x7f];
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

/** A short, exact rendering of bytes for diffs: text when short and printable, else length + hash. */
function describeBytes(bytes: Buffer | null): string | null {
  if (bytes === null) return null;
  if (bytes.length <= 64 && /^[\x20-\x7e]*$/.test(bytes.toString('latin1'))) return `"${bytes.toString('latin1')}"`;
  if (bytes.length <= 32) return `hex:${bytes.toString('hex')}`;
  return `${bytes.length} bytes sha256:${crypto.createHash('sha256').update(bytes).digest('hex')}`;
}

function summarize(record: ProducedRecord, offset: number) {
  return {
    offset,
    key: describeBytes(record.key),
    value: describeBytes(record.value),
    headers: record.headers.map(([k, v]) => [k, describeBytes(v)]),
  };
}

/**
 * Asserts that `consumed` is exactly `produced`, in order, at contiguous offsets from
 * `firstOffset`: same key, value and header bytes (null distinct from empty), same header order.
 */
export function expectSameRecords(consumed: readonly ConsumedRecord[], produced: readonly ProducedRecord[], label: string, firstOffset = 0): void {
  expect(consumed.map((r) => summarize(r, r.offset)), label).toEqual(produced.map((r, i) => summarize(r, firstOffset + i)));
}

/** JSON-safe form for handing records to a child process: bytes as base64, null kept. */
export interface WireRecord {
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

const toBase64 = (b: Buffer | null) => (b === null ? null : b.toString('base64'));
const fromBase64 = (s: string | null) => (s === null ? null : Buffer.from(s, 'base64'));

export function toWire(record: ProducedRecord): WireRecord {
  return { key: toBase64(record.key), value: toBase64(record.value), headers: record.headers.map(([k, v]) => [k, toBase64(v)]) };
}

export interface WireConsumedRecord extends WireRecord {
  topic: string;
  partition: number;
  offset: number;
}

export function fromWire(record: WireConsumedRecord): ConsumedRecord {
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    key: fromBase64(record.key),
    value: fromBase64(record.value),
    headers: record.headers.map(([k, v]) => [k, fromBase64(v)]),
  };
}

/** Splits records read from several topics by topic, keeping their order. */
export function byTopic(records: readonly ConsumedRecord[]): Map<string, ConsumedRecord[]> {
  const out = new Map<string, ConsumedRecord[]>();
  for (const r of records) {
    const list = out.get(r.topic) ?? [];
    list.push(r);
    out.set(r.topic, list);
  }
  return out;
}
