import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBatch } from '../../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../../broker-runtime/protocol/records/compression.js';
import { type RecordInput, buildRecordBatch, readRecords } from '../../../../broker-runtime/protocol/records/record-batch.js';

const ALL_CODECS = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

const smallBytes = fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
// Occasionally large and compressible, so multi-block codec paths (32 KiB snappy blocks,
// 64 KiB+ lz4 blocks) are exercised too.
const anyBytes = fc.oneof(
  { weight: 8, arbitrary: smallBytes },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.nat(255)).map(([n, b]) => Buffer.alloc(n, b)) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1000, maxLength: 40_000 }).map((a) => Buffer.from(a)) },
);
const data = fc.oneof(fc.constant(null), anyBytes, fc.string({ unit: 'grapheme', maxLength: 20 }));
const header = fc.record({ key: fc.string({ unit: 'grapheme', maxLength: 12 }), value: fc.oneof(fc.constant(null), smallBytes, fc.string()) });

const batchInput = fc.record({
  baseOffset: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 2 ** 32 }),
  baseTimestamp: fc.integer({ min: -1, max: 2 ** 50 }),
  isTransactional: fc.boolean(),
  timestampType: fc.constantFrom('CreateTime' as const, 'LogAppendTime' as const),
  records: fc
    .array(
      fc.record({
        key: data,
        value: data,
        headers: fc.array(header, { maxLength: 5 }),
        timestampOffset: fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: undefined }),
        gap: fc.nat(5),
      }),
      { maxLength: 15 },
    )
    .map((rs) => {
      let delta = -1;
      return rs.map(({ gap, timestampOffset, ...r }) => ({ ...r, timestampOffset, offsetDelta: (delta += 1 + gap) }));
    }),
  extraLastDelta: fc.nat(3),
});

// Buffers compared as base64 strings: toEqual walks a Buffer element by element, too slow for 200 KB.
const asText = (d: Buffer | string | null): string | null => (d === null ? null : (typeof d === 'string' ? Buffer.from(d, 'utf8') : d).toString('base64'));

describe('round trip: buildRecordBatch then readRecords', () => {
  it.each(ALL_CODECS)('codec %i', (compression) => {
    fc.assert(
      fc.property(batchInput, (input) => {
        const records: RecordInput[] = input.records.map((r) => ({
          key: r.key,
          value: r.value,
          headers: r.headers,
          offsetDelta: r.offsetDelta,
          timestamp: r.timestampOffset === undefined ? undefined : input.baseTimestamp + r.timestampOffset,
        }));
        const lastDelta = input.records.length ? input.records[input.records.length - 1].offsetDelta : 0;
        const batch = buildRecordBatch({
          ...input,
          compression,
          records,
          lastOffsetDelta: lastDelta + input.extraLastDelta,
        });

        const header = validateBatch(batch);
        const timestamps = records.map((r) => r.timestamp ?? input.baseTimestamp);
        const maxTimestamp = timestamps.length ? Math.max(...timestamps) : input.baseTimestamp;
        expect(header).toMatchObject({
          baseOffset: input.baseOffset,
          lastOffsetDelta: lastDelta + input.extraLastDelta,
          baseTimestamp: input.baseTimestamp,
          maxTimestamp,
          recordCount: records.length,
          attributes: compression | (input.timestampType === 'LogAppendTime' ? 0x08 : 0) | (input.isTransactional ? 0x10 : 0),
        });

        const decoded = readRecords(batch);
        expect(
          decoded.map((r) => ({
            ...r,
            key: asText(r.key),
            value: asText(r.value),
            headers: r.headers.map((h) => ({ key: h.key, value: asText(h.value) })),
          })),
        ).toEqual(
          records.map((r, i) => ({
            offset: input.baseOffset + r.offsetDelta!,
            timestamp: input.timestampType === 'LogAppendTime' ? maxTimestamp : timestamps[i],
            key: asText(r.key ?? null),
            value: asText(r.value ?? null),
            headers: r.headers!.map((h) => ({ key: h.key, value: asText(h.value) })),
            sizeInBytes: expect.any(Number),
          })),
        );
        // Record sizes add up to the (uncompressed) records section.
        if (compression === CompressionType.None) {
          expect(decoded.reduce((n, r) => n + r.sizeInBytes, 61)).toBe(batch.length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
