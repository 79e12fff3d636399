// The records each producer sends: keys (some null), values (some null, i.e. tombstones), headers
// (null and empty values, repeated keys, UTF-8), and one large value. Deterministic per seed.
import { type Codec, type Header, LARGEST_UNCOMPRESSED_VALUE, ONE_MIB, type ProducedRecord, compressibleBinary, compressibleText } from './records.js';

export interface DatasetOptions {
  seed: number;
  count?: number;
  /**
   * 'fixed': the same headers on every record (all kcat can send: its -H applies to each one).
   * 'varied': per-record headers, repeated keys, some records without headers.
   */
  headers: 'fixed' | 'varied';
  /** Binary keys and values (NUL, 0xff, newlines) instead of printable text. */
  binary: boolean;
  /** Include headers with a null value (default true; kafkajs 2.2.4 cannot send them). */
  nullHeaderValues?: boolean;
}

const text = (s: string) => Buffer.from(s, 'utf8');

// Invariant: header values hold no ',' or '=' and never read "NULL": kcat's consumer prints
// headers as `name=value` CSV (see kcat.ts), and they must survive that.
export const FIXED_HEADERS: Header[] = [['trace-id', text('4bf92f3577b34da6')], ['empty', text('')], ['nothing', null]];

function variedHeaders(i: number): Header[] {
  if (i % 9 === 4) return [];
  const headers: Header[] = [['seq', text(String(i))], ['source', text('oxbow compat ✓ café')]];
  if (i % 5 === 0) headers.push(['nothing', null]);
  if (i % 7 === 0) headers.push(['empty', text('')]);
  if (i % 11 === 0) headers.push(['dup', text('first')], ['dup', text('second')]);
  return headers;
}

/** `count` small records, each 100-500 bytes of compressible payload. */
export function smallRecords(options: DatasetOptions): ProducedRecord[] {
  const { seed, binary } = options;
  return Array.from({ length: options.count ?? 150 }, (_, i): ProducedRecord => {
    const key = i % 10 === 3 ? null : binary ? Buffer.concat([text(`key-${i}`), Buffer.from([0x00, 0xff, 0x0a])]) : text(`key-${i}`);
    const size = 100 + ((i * 37) % 400);
    const value = i % 10 === 7 ? null : binary ? compressibleBinary(size, seed + i) : compressibleText(size, seed + i);
    const headers = options.headers === 'fixed' ? FIXED_HEADERS : variedHeaders(i);
    return { key, value, headers: options.nullHeaderValues === false ? headers.filter(([, v]) => v !== null) : headers };
  });
}

/**
 * One large record. Compressed: exactly 1 MiB of compressible text, which compresses far below the
 * default max.message.bytes. Uncompressed: the largest value the default limit admits, with room
 * for the batch and record overhead (1 MiB itself is over the limit: see records.ts).
 */
export function largeRecord(codec: Codec, options: DatasetOptions): ProducedRecord {
  const size = codec === 'none' ? LARGEST_UNCOMPRESSED_VALUE : ONE_MIB;
  return {
    key: text('large'),
    value: options.binary ? compressibleBinary(size, options.seed) : compressibleText(size, options.seed),
    headers: options.headers === 'fixed' ? FIXED_HEADERS : [['size', text(String(size))]],
  };
}
