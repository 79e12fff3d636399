// kcat 1.7.1 (librdkafka 2.0.2) as a producer, a byte-exact consumer, and a metadata lister.
import { type RunResult, runChecked, runProcess } from './child-process.js';
import type { Codec, ConsumedRecord, Header, ProducedRecord } from './records.js';

export const KCAT = 'kcat';

/** Client-side limit for kcat's producer: librdkafka refuses messages above message.max.bytes (1 MB). */
const CLIENT_MESSAGE_MAX_BYTES = String(2 * 1024 * 1024);

export interface KcatProduceOptions {
  bootstrap: string;
  topic: string;
  partition?: number;
  codec: Codec;
  /** Every record must carry the same headers: kcat's -H applies to all of them. */
  records: readonly ProducedRecord[];
  /** Extra librdkafka properties (-X name=value). */
  config?: Record<string, string>;
}

const isPrintable = (b: Buffer) => /^[\x20-\x7e]*$/.test(b.toString('latin1'));

/**
 * What kcat's line input can say: `key<TAB>value` lines with -Z (an empty key or value is sent as
 * NULL), a line without a tab is a value with a NULL key, and -H headers (`-H name` alone is a
 * NULL header value). So: no empty keys or values, no tab or newline inside them.
 */
function toInputLine(record: ProducedRecord): Buffer {
  for (const part of [record.key, record.value]) {
    if (part !== null && (part.length === 0 || part.includes(0x0a) || part.includes(0x09))) {
      throw new Error('kcat cannot send an empty key or value, or one holding a tab or newline');
    }
  }
  if (record.key === null && record.value !== null) return Buffer.concat([record.value, Buffer.from('\n')]);
  return Buffer.concat([record.key ?? Buffer.alloc(0), Buffer.from('\t'), record.value ?? Buffer.alloc(0), Buffer.from('\n')]);
}

function headerArgs(records: readonly ProducedRecord[]): string[] {
  const headers: Header[] = records[0]?.headers ?? [];
  const same = (a: Header[]) => a.length === headers.length && a.every(([k, v], i) => k === headers[i][0] && (v === null ? headers[i][1] === null : headers[i][1]?.equals(v)));
  if (!records.every((r) => same(r.headers))) throw new Error('kcat sends the same -H headers with every record');
  return headers.flatMap(([k, v]) => {
    if (v !== null && !isPrintable(v)) throw new Error('kcat -H takes printable header values only');
    return ['-H', v === null ? k : `${k}=${v.toString('latin1')}`];
  });
}

export function kcatProduceArgs(options: KcatProduceOptions): string[] {
  const config = { 'linger.ms': '100', 'message.max.bytes': CLIENT_MESSAGE_MAX_BYTES, ...options.config };
  return [
    '-P', '-b', options.bootstrap, '-t', options.topic, '-p', String(options.partition ?? 0),
    '-K', '\\t', '-Z',
    ...(options.codec === 'none' ? [] : ['-z', options.codec]),
    ...headerArgs(options.records),
    ...Object.entries(config).flatMap(([k, v]) => ['-X', `${k}=${v}`]),
  ];
}

/** Produces the records in order; resolves with kcat's exit (status 1 when a delivery failed). */
export function kcatProduce(options: KcatProduceOptions): Promise<RunResult> {
  const input = Buffer.concat(options.records.map(toInputLine));
  return runProcess(KCAT, kcatProduceArgs(options), { input, timeoutMs: 30_000 });
}

export async function kcatProduceChecked(options: KcatProduceOptions): Promise<void> {
  const input = Buffer.concat(options.records.map(toInputLine));
  await runChecked(KCAT, kcatProduceArgs(options), { input, timeoutMs: 30_000 });
}

// One record: a text line `REC <topic> <partition> <offset> <keyLength> <valueLength> <headers>`,
// then exactly keyLength key bytes and valueLength value bytes (-1 = NULL, nothing printed), then
// a newline. Binary-safe for keys and values; headers are kcat's `name=value` CSV with NULL for a
// null value, so they round-trip only when values hold no ',' or '=' and never read "NULL".
const FORMAT = 'REC %t %p %o %K %S %h\\n%k%s\\n';

export function parseKcatOutput(out: Buffer): ConsumedRecord[] {
  const records: ConsumedRecord[] = [];
  let pos = 0;
  while (pos < out.length) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) throw new Error(`kcat output ends inside a record line at byte ${pos}`);
    const line = out.subarray(pos, eol).toString('latin1');
    const match = /^REC (\S+) (\d+) (\d+) (-?\d+) (-?\d+) (.*)$/.exec(line);
    if (!match) throw new Error(`unexpected kcat output line: ${JSON.stringify(line.slice(0, 200))}`);
    const [, topic, partition, offset, keyLength, valueLength, headerText] = match;
    pos = eol + 1;
    const take = (length: number): Buffer | null => {
      if (length < 0) return null;
      const bytes = Buffer.from(out.subarray(pos, pos + length));
      pos += length;
      return bytes;
    };
    const key = take(Number(keyLength));
    const value = take(Number(valueLength));
    if (out[pos] !== 0x0a) throw new Error(`kcat record at offset ${offset} is not followed by a newline`);
    pos += 1;
    const headers: Header[] = headerText === '' ? [] : headerText.split(',').map((pair) => {
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      return [pair.slice(0, eq), value === 'NULL' ? null : Buffer.from(value, 'latin1')];
    });
    records.push({ topic, partition: Number(partition), offset: Number(offset), key, value, headers });
  }
  return records;
}

/** Reads the whole partition from the beginning; kcat -e exits at its end. */
export async function kcatConsume(options: { bootstrap: string; topic: string; partition?: number; config?: Record<string, string> }): Promise<ConsumedRecord[]> {
  const args = [
    '-C', '-e', '-q', '-b', options.bootstrap, '-t', options.topic, '-p', String(options.partition ?? 0), '-o', 'beginning', '-f', FORMAT,
    ...Object.entries(options.config ?? {}).flatMap(([k, v]) => ['-X', `${k}=${v}`]),
  ];
  const result = await runChecked(KCAT, args, { timeoutMs: 30_000 });
  return parseKcatOutput(result.stdout);
}

export interface KcatMetadata {
  controllerid: number;
  brokers: { id: number; name: string }[];
  topics: { topic: string; error?: string; partitions: { partition: number; leader: number; replicas: { id: number }[]; isrs: { id: number }[] }[] }[];
}

/** `kcat -L -J`: what librdkafka sees of the cluster. */
export async function kcatList(bootstrap: string, topic?: string): Promise<KcatMetadata> {
  const result = await runChecked(KCAT, ['-L', '-J', '-b', bootstrap, ...(topic ? ['-t', topic] : [])], { timeoutMs: 20_000 });
  return JSON.parse(result.stdout.toString('utf8')) as KcatMetadata;
}

/**
 * `kcat -Q -J`: ListOffsets by timestamp for partition `partition` of `topic` (-1 = latest,
 * -2 = earliest); resolves with the offset librdkafka reports (-1 when no record is that recent).
 */
export async function kcatOffsetForTime(bootstrap: string, topic: string, partition: number, timestamp: number): Promise<number> {
  const result = await runChecked(KCAT, ['-Q', '-J', '-b', bootstrap, '-t', `${topic}:${partition}:${timestamp}`], { timeoutMs: 20_000 });
  const answer = JSON.parse(result.stdout.toString('utf8')) as Record<string, Record<string, { offset?: number; error?: string }>>;
  const entry = answer[topic]?.[String(partition)];
  if (entry?.offset === undefined) throw new Error(`kcat -Q gave no offset: ${result.stdout.toString('utf8')}`);
  return entry.offset;
}
