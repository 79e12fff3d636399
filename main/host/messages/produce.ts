// produceMessage: the produce form's one record, acknowledged by all in-sync replicas.
// Without a partition, a keyed record goes where Kafka's Java client (and kafkajs) would put it
// (murmur2 of the key, positive, modulo the partitions); a record without a key goes round robin.
import { type Producer, compatibilityPartitioner } from '@platformatic/kafka';
import type { ApiArgs, ProducedMessage } from '../../contract/index.js';
import { apiError } from '../api-error.js';
import { toApiError } from './errors.js';
import { requirePartitions, topicLayout } from './topic-layout.js';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a form field; header keys are always text (Kafka's clients take them as strings). */
export function fieldBytes(text: string | null, encoding: 'text' | 'base64', field: string): Buffer | undefined {
  if (text === null) return undefined;
  if (encoding === 'text') return Buffer.from(text, 'utf8');
  const compact = text.replace(/\s+/g, '');
  if (!BASE64.test(compact)) throw apiError('INVALID_ARGUMENT', `The ${field} is not base64.`);
  return Buffer.from(compact, 'base64');
}

export async function produceMessage(producer: Producer, args: ApiArgs<'produceMessage'>): Promise<ProducedMessage> {
  const { topic, partition, headers = [], encoding = 'text', compression = 'none' } = args;
  const key = fieldBytes(args.key, encoding, 'key');
  const value = fieldBytes(args.value, encoding, 'value');
  const headerMap = new Map<Buffer, Buffer | undefined>(
    headers.map((h, i) => [Buffer.from(h.key, 'utf8'), fieldBytes(h.value, encoding, `value of header ${i + 1}`)]),
  );
  // platformatic takes an explicit partition modulo the partition count: an unknown one is refused here.
  const layout = await topicLayout(producer, topic);
  if (partition !== undefined) requirePartitions(layout, [partition]);
  let result;
  try {
    result = await producer.send({
      // A null value is written as null (a tombstone); platformatic's message schema wants it present.
      messages: [{ topic, key, value: (value ?? null) as Buffer, headers: headerMap as Map<Buffer, Buffer>, ...(partition !== undefined ? { partition } : {}) }],
      compression,
      acks: -1,
      ...(key !== undefined ? { partitioner: compatibilityPartitioner } : {}),
    });
  } catch (err) {
    throw toApiError(err, topic);
  }
  const written = result.offsets?.find((o) => o.topic === topic);
  if (!written) throw new Error(`the produce of one record to ${topic} was acknowledged without an offset`);
  return { partition: written.partition, offset: Number(written.offset) };
}
