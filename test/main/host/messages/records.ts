// Hand-built records and batches for the unit tests of the message browser.
import type { KafkaRecord, RecordsBatch } from '@platformatic/kafka';
import type { FetchedRecord } from '../../../../main/host/messages/fetched-record.js';

export function record(partition: number, offset: number, timestamp: number, value: string | null = `v${offset}`, key: string | null = null,
  headers: [string, string | null][] = []): FetchedRecord {
  return {
    partition, offset, timestamp, timestampType: 'create',
    key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value),
    headers: headers.map(([k, v]) => [Buffer.from(k), v === null ? null : Buffer.from(v)]),
  };
}

export interface BatchSpec {
  firstOffset: number;
  /** One value per record (offsets firstOffset, firstOffset + 1, ...). */
  values: (string | null)[];
  firstTimestamp?: number;
  maxTimestamp?: number;
  attributes?: number;
  producerId?: number;
  /** Control batches: the marker's type (0 ABORT, 1 COMMIT). */
  marker?: 0 | 1;
}

export function batch(spec: BatchSpec): RecordsBatch {
  const firstTimestamp = spec.firstTimestamp ?? 1_000;
  const records: KafkaRecord[] = spec.marker !== undefined
    ? [kafkaRecord(0, 0, controlKey(spec.marker), Buffer.from([0, 0, 0, 0, 0, 0]))]
    : spec.values.map((v, i) => kafkaRecord(i, i * 10, null, v === null ? null : Buffer.from(v)));
  return {
    firstOffset: BigInt(spec.firstOffset),
    length: 61 + records.length * 20,
    partitionLeaderEpoch: 0,
    magic: 2,
    crc: 0,
    attributes: spec.attributes ?? 0,
    lastOffsetDelta: records.length - 1,
    firstTimestamp: BigInt(firstTimestamp),
    maxTimestamp: BigInt(spec.maxTimestamp ?? firstTimestamp + (records.length - 1) * 10),
    producerId: BigInt(spec.producerId ?? -1),
    producerEpoch: 0,
    firstSequence: 0,
    records,
  };
}

function kafkaRecord(offsetDelta: number, timestampDelta: number, key: Buffer | null, value: Buffer | null): KafkaRecord {
  return { length: 0, attributes: 0, timestampDelta: BigInt(timestampDelta), offsetDelta, key, value, headers: [] };
}

function controlKey(type: 0 | 1): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0);
  key.writeInt16BE(type, 2);
  return key;
}

export const TRANSACTIONAL = 0x10;
export const CONTROL = 0x20;
export const LOG_APPEND_TIME = 0x08;
