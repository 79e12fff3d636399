// Cross-checks against kafkajs's own RecordBatch v2 encoder and decoder: a second, independent
// implementation that real consumers of Oxbow run.
//
// kafkajs has gzip built in; snappy, lz4 and zstd come from plugins, which we stand in for here
// with the same libraries (raw snappy blocks, as the kafkajs-snappy plugin writes them).
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { compressFrameSync } from 'lz4-napi';
import { compressSync as snappyRaw } from 'snappy';
import { compress as zstdCompress } from 'zstd-napi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateBatch } from '../../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType, decompress } from '../../../../broker-runtime/protocol/records/compression.js';
import { buildRecordBatch, readRecords } from '../../../../broker-runtime/protocol/records/record-batch.js';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any -- kafkajs internals are untyped JS */
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js');
const KafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
const Decoder = require('kafkajs/src/protocol/decoder.js');
const Long = require('kafkajs/src/utils/long.js');
const { Codecs } = require('kafkajs/src/protocol/message/compression/index.js');

interface TestRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: string; value: Buffer }[];
  timestampDelta: number;
  offsetDelta: number;
}
interface TestBatch {
  baseOffset: number;
  baseTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  partitionLeaderEpoch: number;
  isTransactional: boolean;
  records: TestRecord[];
}

const STANDIN_CODECS: Record<number, (buf: Buffer) => Buffer> = {
  [CompressionType.Snappy]: (buf) => snappyRaw(buf),
  [CompressionType.Lz4]: (buf) => compressFrameSync(buf),
  [CompressionType.Zstd]: (buf) => zstdCompress(buf),
};
const saved: Record<number, unknown> = {};
beforeAll(() => {
  for (const [type, pack] of Object.entries(STANDIN_CODECS)) {
    saved[Number(type)] = Codecs[type];
    Codecs[type] = () => ({
      compress: async (encoder: any) => pack(encoder.buffer),
      decompress: async (buf: Buffer) => decompress(Number(type), buf),
    });
  }
});
afterAll(() => {
  for (const [type, codec] of Object.entries(saved)) Codecs[type] = codec;
});

async function kafkajsBatch(b: TestBatch, compression: CompressionType): Promise<Buffer> {
  const timestamps = b.records.map((r) => b.baseTimestamp + r.timestampDelta);
  const encoder = await RecordBatch({
    compression,
    firstOffset: Long.fromNumber(b.baseOffset),
    firstTimestamp: b.baseTimestamp,
    maxTimestamp: timestamps.length ? Math.max(...timestamps) : b.baseTimestamp,
    partitionLeaderEpoch: b.partitionLeaderEpoch,
    lastOffsetDelta: b.records.length ? b.records[b.records.length - 1].offsetDelta : 0,
    transactional: b.isTransactional,
    producerId: Long.fromNumber(b.producerId),
    producerEpoch: b.producerEpoch,
    firstSequence: b.baseSequence,
    records: b.records.map((r) =>
      KafkajsRecord({
        offsetDelta: r.offsetDelta,
        timestampDelta: Long.fromNumber(r.timestampDelta),
        key: r.key,
        value: r.value,
        headers: Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
      }),
    ),
  });
  return encoder.buffer;
}

function oxbowBatch(b: TestBatch, compression: CompressionType): Buffer {
  return buildRecordBatch({
    ...b,
    compression,
    records: b.records.map((r) => ({ ...r, timestamp: b.baseTimestamp + r.timestampDelta })),
  });
}

const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
const nullableBytes = fc.option(bytes, { nil: null });
// NB: kafkajs takes headers as an object, so keys are unique and never integer-like (those would
// be reordered by Object.keys); it also cannot encode a null header value.
const headers = fc.uniqueArray(fc.string({ maxLength: 10 }).map((s) => `h-${s}`), { maxLength: 4 }).chain((keys) =>
  fc.tuple(...keys.map((key) => bytes.map((value) => ({ key, value })))),
);
const testBatch: fc.Arbitrary<TestBatch> = fc.record({
  baseOffset: fc.integer({ min: 0, max: 2 ** 50 }),
  baseTimestamp: fc.integer({ min: 0, max: 2 ** 45 }),
  producerId: fc.integer({ min: -1, max: 2 ** 50 }),
  producerEpoch: fc.integer({ min: -1, max: 0x7fff }),
  baseSequence: fc.integer({ min: -1, max: 0x7fff_ffff }),
  partitionLeaderEpoch: fc.integer({ min: -1, max: 0x7fff_ffff }),
  isTransactional: fc.boolean(),
  records: fc
    .array(fc.record({ key: nullableBytes, value: nullableBytes, headers, timestampDelta: fc.integer({ min: -1e6, max: 1e9 }), gap: fc.nat(3) }), {
      minLength: 1,
      maxLength: 12,
    })
    .map((rs) => {
      let offsetDelta = -1;
      return rs.map(({ gap, ...r }) => ({ ...r, offsetDelta: (offsetDelta += 1 + gap) }));
    }),
});

const ALL_CODECS = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];
const RUNS = { numRuns: 40 };

describe('golden bytes against kafkajs', () => {
  it.each([CompressionType.None, CompressionType.Gzip])('codec %i: byte-identical batches', async (codec) => {
    await fc.assert(
      fc.asyncProperty(testBatch, async (b) => {
        expect(oxbowBatch(b, codec).toString('hex')).toBe((await kafkajsBatch(b, codec)).toString('hex'));
      }),
      RUNS,
    );
  });

  it.each([CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd])(
    'codec %i: identical header fields and identical uncompressed records',
    async (codec) => {
      await fc.assert(
        fc.asyncProperty(testBatch, async (b) => {
          const ours = oxbowBatch(b, codec);
          const theirs = await kafkajsBatch(b, codec);
          const { crc: _c1, sizeInBytes: _s1, ...ourHeader } = validateBatch(ours);
          const { crc: _c2, sizeInBytes: _s2, ...theirHeader } = validateBatch(theirs);
          expect(ourHeader).toEqual(theirHeader);
          const ourRecords = decompress(codec, ours.subarray(61));
          expect(ourRecords.equals(decompress(codec, theirs.subarray(61)))).toBe(true);
          // And the same records, uncompressed, are what kafkajs writes for codec none.
          expect(ourRecords.equals((await kafkajsBatch(b, CompressionType.None)).subarray(61))).toBe(true);
        }),
        RUNS,
      );
    },
  );
});

describe('decoding batches written by kafkajs', () => {
  it.each(ALL_CODECS)('codec %i: every field', async (codec) => {
    await fc.assert(
      fc.asyncProperty(testBatch, async (b) => {
        const batch = await kafkajsBatch(b, codec);
        const header = validateBatch(batch);
        expect(header).toMatchObject({
          baseOffset: b.baseOffset,
          partitionLeaderEpoch: b.partitionLeaderEpoch,
          attributes: codec | (b.isTransactional ? 0x10 : 0),
          producerId: b.producerId,
          producerEpoch: b.producerEpoch,
          baseSequence: b.baseSequence,
          recordCount: b.records.length,
        });
        expect(readRecords(batch)).toEqual(
          b.records.map((r) => ({
            offset: b.baseOffset + r.offsetDelta,
            timestamp: b.baseTimestamp + r.timestampDelta,
            key: r.key,
            value: r.value,
            headers: r.headers,
            sizeInBytes: expect.any(Number),
          })),
        );
      }),
      RUNS,
    );
  });
});

describe('kafkajs decoding batches written by Oxbow', () => {
  it.each(ALL_CODECS)('codec %i', async (codec) => {
    await fc.assert(
      fc.asyncProperty(testBatch, async (b) => {
        const decoded = await decodeKafkajsBatch(new Decoder(oxbowBatch(b, codec)));
        expect(decoded.firstOffset).toBe(String(b.baseOffset));
        expect(decoded.records.map((r: any) => [r.offset, r.timestamp, r.key, r.value, r.headers])).toEqual(
          b.records.map((r) => [
            String(b.baseOffset + r.offsetDelta),
            String(b.baseTimestamp + r.timestampDelta),
            r.key,
            r.value,
            Object.fromEntries(r.headers.map((h) => [h.key, h.value])),
          ]),
        );
      }),
      RUNS,
    );
  });
});
