// The embedded `data` schemas: the consumer protocol carried inside JoinGroup/SyncGroup, and the
// __consumer_offsets record keys and values, each with its leading int16 version.
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DATA_FILES } from '../../../../broker-runtime/protocol/generator/apis.js';
import { defaultSpecDir } from '../../../../broker-runtime/protocol/generator/generate.js';
import { buildModel } from '../../../../broker-runtime/protocol/generator/model.js';
import { readSpec } from '../../../../broker-runtime/protocol/generator/spec-file.js';
import * as generated from '../../../../broker-runtime/protocol/generated/index.js';
import { MalformedMessageError, Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { expectedStruct, messageArbitrary, versionsOf, type Message } from './model-arbitrary.js';

const require = createRequire(import.meta.url);
const { MemberMetadata, MemberAssignment } = require('kafkajs/src/consumer/assignerProtocol.js') as {
  MemberMetadata: { encode(a: unknown): Buffer; decode(b: Buffer): unknown };
  MemberAssignment: { encode(a: unknown): Buffer; decode(b: Buffer): unknown };
};

type Decode = (r: Reader, version: number) => Message;
type Encode = (w: Writer, m: Message, version: number) => void;
const functions = generated as unknown as Record<string, Decode | Encode>;

const models = DATA_FILES.flatMap((f) => f.specs).map((s) => buildModel(readSpec(defaultSpecDir(), s)));

describe('data schemas round trip', () => {
  it.each(models.map((m) => [m.name, m] as const))('%s in every version', (_name, model) => {
    const decode = functions[`decode${model.name}`] as Decode;
    const encode = functions[`encode${model.name}`] as Encode;
    for (const version of versionsOf(model)) {
      fc.assert(fc.property(messageArbitrary(model, version), (value) => {
        const w = new Writer();
        encode(w, value, version);
        const r = new Reader(w.toBuffer());
        expect(decode(r, version)).toEqual(expectedStruct(model, model.root, value, version));
        expect(r.remaining()).toBe(0);
      }), { numRuns: 20 });
    }
  });
});

describe('consumer protocol', () => {
  it('reads and writes kafkajs\'s subscription metadata byte for byte', () => {
    const bytes = MemberMetadata.encode({ version: 0, topics: ['orders', 'payments'], userData: Buffer.from('ud') });
    const { version, message } = generated.decodeVersionedConsumerProtocolSubscription(new Reader(bytes));
    expect(version).toBe(0);
    expect(message).toEqual({ topics: ['orders', 'payments'], userData: Buffer.from('ud') });
    const w = new Writer();
    generated.encodeVersionedConsumerProtocolSubscription(w, message, 0);
    expect(w.toBuffer()).toEqual(bytes);
  });

  it('writes an assignment kafkajs reads', () => {
    const w = new Writer();
    generated.encodeVersionedConsumerProtocolAssignment(w, { assignedPartitions: [{ topic: 'orders', partitions: [0, 2] }], userData: null }, 1);
    expect(MemberAssignment.decode(w.toBuffer())).toEqual({ version: 1, assignment: { orders: [0, 2] }, userData: null });
    const fromKafkajs = MemberAssignment.encode({ version: 0, assignment: { orders: [1] } });
    expect(generated.decodeVersionedConsumerProtocolAssignment(new Reader(fromKafkajs))).toEqual({
      version: 0, message: { assignedPartitions: [{ topic: 'orders', partitions: [1] }], userData: Buffer.alloc(0) },
    });
  });

  it('reads a subscription from a newer client as the newest version it knows, like Kafka', () => {
    const w = new Writer();
    w.int16(7); // a future version: v3 fields, then whatever v7 appended
    generated.encodeConsumerProtocolSubscription(w, { topics: ['t'], userData: null, ownedPartitions: [], generationId: 4, rackId: 'r1' }, 3);
    w.int32(12345);
    const r = new Reader(w.toBuffer());
    const { version, message } = generated.decodeVersionedConsumerProtocolSubscription(r);
    expect(version).toBe(7);
    expect(message).toEqual({ topics: ['t'], userData: null, ownedPartitions: [], generationId: 4, rackId: 'r1' });
    const negative = Buffer.from([0xff, 0xff]);
    expect(() => generated.decodeVersionedConsumerProtocolSubscription(new Reader(negative))).toThrow(MalformedMessageError);
  });
});

describe('__consumer_offsets records', () => {
  it('writes an offset commit key and value as Kafka lays them out', () => {
    const key = new Writer();
    generated.encodeVersionedOffsetCommitKey(key, { group: 'g', topic: 't', partition: 2 }, 1);
    expect(key.toBuffer().toString('hex')).toBe('0001' + '000167' + '000174' + '00000002');
    const value = new Writer();
    generated.encodeVersionedOffsetCommitValue(value, { offset: 42, leaderEpoch: 3, metadata: '', commitTimestamp: 1000 }, 3);
    expect(value.toBuffer().toString('hex')).toBe('0003' + '000000000000002a' + '00000003' + '0000' + '00000000000003e8');
  });

  it('rejects versions it does not know', () => {
    const w = new Writer();
    w.int16(9);
    w.int64(1);
    expect(() => generated.decodeVersionedOffsetCommitValue(new Reader(w.toBuffer()))).toThrow(MalformedMessageError);
    const groupKey = new Writer();
    generated.encodeVersionedGroupMetadataKey(groupKey, { group: 'g' }, 2);
    expect(generated.decodeVersionedGroupMetadataKey(new Reader(groupKey.toBuffer()))).toEqual({ version: 2, message: { group: 'g' } });
    expect(() => generated.encodeVersionedGroupMetadataKey(new Writer(), { group: 'g' }, 1)).toThrow(/cannot encode/);
  });
});
