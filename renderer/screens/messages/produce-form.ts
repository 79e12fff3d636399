// The produce form's state, what it sends (produceMessage's arguments), and how "re-produce"
// prefills it from a record that was read.
import type { ApiArgs, MessageRecord } from '../../../main/contract/index.js';
import { decodeBase64, parseJson, utf8Text } from './bytes.js';

export type Compression = NonNullable<ApiArgs<'produceMessage'>['compression']>;
export const COMPRESSIONS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export interface HeaderRow {
  id: number;
  key: string;
  value: string;
}

export interface ProduceForm {
  topic: string;
  /** 'key': the partitioner picks by key (round robin without one); else a partition number. */
  partition: 'key' | `${number}`;
  /**
   * text: key, value and header values are UTF-8 text. base64: all of them are base64 of the bytes
   * (how a binary record is re-produced unchanged); the contract has one encoding per message.
   */
  encoding: 'text' | 'base64';
  /** With text encoding: json validates the value as a JSON document before sending. */
  valueKind: 'json' | 'text';
  key: string;
  value: string;
  /** A null value (a tombstone on a compacted topic). */
  tombstone: boolean;
  headers: HeaderRow[];
  compression: Compression;
}

let nextHeaderId = 1;
export function headerRow(key = '', value = ''): HeaderRow {
  return { id: nextHeaderId++, key, value };
}

export function emptyProduceForm(topic: string): ProduceForm {
  return { topic, partition: 'key', encoding: 'text', valueKind: 'json', key: '', value: '', tombstone: false, headers: [], compression: 'none' };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Why the form cannot be sent, or null. */
export function produceProblem(form: ProduceForm): string | null {
  if (!form.topic) return 'Pick a topic.';
  if (form.headers.some((h) => h.key === '')) return 'Every header needs a name.';
  if (form.encoding === 'base64') {
    const fields = [form.key, form.tombstone ? '' : form.value, ...form.headers.map((h) => h.value)];
    if (fields.some((f) => !BASE64.test(f))) return 'With base64 encoding, the key, value and header values must be base64.';
    return null;
  }
  if (!form.tombstone && form.valueKind === 'json' && !parseJson(form.value).ok) return 'The value is not valid JSON (switch to Text to send it as is).';
  return null;
}

/** Invariant: the value string is sent exactly as typed (never re-formatted), so what is read back is what was written. */
export function produceArgs(form: ProduceForm): ApiArgs<'produceMessage'> {
  const args: ApiArgs<'produceMessage'> = {
    topic: form.topic,
    // NB: an empty key field means no key (null); Kafka tools treat both alike for partitioning.
    key: form.key === '' ? null : form.key,
    value: form.tombstone ? null : form.value,
    encoding: form.encoding,
    compression: form.compression,
  };
  if (form.partition !== 'key') args.partition = Number(form.partition);
  if (form.headers.length > 0) args.headers = form.headers.map((h) => ({ key: h.key, value: h.value }));
  return args;
}

/** The form filled from `record` (read in full), to produce it again to `topic`. */
export function formFromRecord(topic: string, record: MessageRecord): ProduceForm {
  const fields = [record.key, record.value, ...record.headers.map((h) => h.value)];
  const texts = fields.map((f) => (f ? utf8Text(decodeBase64(f.base64)) : ''));
  const allText = texts.every((t) => t !== null);
  const [keyText, valueText, ...headerTexts] = texts;
  const asField = (i: number): string => {
    const f = fields[i];
    if (!f) return '';
    return allText ? (texts[i] as string) : f.base64;
  };
  const valueKind = allText && valueText !== null && parseJson(valueText).ok ? 'json' : 'text';
  return {
    topic,
    partition: `${record.partition}`,
    encoding: allText ? 'text' : 'base64',
    valueKind,
    key: allText ? (keyText ?? '') : asField(0),
    value: asField(1),
    tombstone: record.value === null,
    headers: record.headers.map((h, i) => headerRow(h.key, allText ? (headerTexts[i] ?? '') : asField(i + 2))),
    compression: 'none',
  };
}
