// A batch from disk or the wire may be torn, bit-flipped or hostile. Reading it must end in a
// CorruptRecordError with a message, never an out-of-bounds crash, another error type, or a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError } from '../../../../broker-runtime/errors.js';
import { computeBatchCrc, validateBatch } from '../../../../broker-runtime/protocol/records/batch-header.js';
import { CompressionType } from '../../../../broker-runtime/protocol/records/compression.js';
import { buildRecordBatch, readRecords } from '../../../../broker-runtime/protocol/records/record-batch.js';

const T0 = 1_700_000_000_000;
const ALL_CODECS = [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];

function sampleBatch(compression = CompressionType.None): Buffer {
  return buildRecordBatch({
    baseOffset: 1000,
    compression,
    records: [
      { key: 'user-1', value: 'signed up', timestamp: T0, headers: [{ key: 'trace', value: 'abc' }] },
      { key: null, value: 'x'.repeat(40), timestamp: T0 + 3 },
      { key: 'user-2', value: null, timestamp: T0 + 9 },
    ],
  });
}

/** Recomputes length and CRC so a mutated batch reaches the record decoder. */
function reseal(batch: Buffer): Buffer {
  batch.writeInt32BE(batch.length - 12, 8);
  batch.writeUInt32BE(computeBatchCrc(batch), 17);
  return batch;
}

function expectCorrupt(read: () => unknown): void {
  try {
    read();
  } catch (err) {
    expect(err).toBeInstanceOf(CorruptRecordError);
    expect((err as Error).message.length).toBeGreaterThan(10);
    return;
  }
  expect.unreachable('expected a CorruptRecordError');
}

/** Either decodes, or fails with CorruptRecordError: nothing else. */
function readsOrCorrupt(batch: Buffer): void {
  try {
    readRecords(batch);
  } catch (err) {
    if (!(err instanceof CorruptRecordError)) throw err;
  }
}

describe('CRC', () => {
  const original = sampleBatch();

  it('rejects a flipped bit anywhere in [21, end)', () => {
    for (let pos = 21; pos < original.length; pos++) {
      for (const bit of [0x01, 0x80]) {
        const batch = Buffer.from(original);
        batch[pos] ^= bit;
        expectCorrupt(() => readRecords(batch));
      }
    }
  });

  it('rejects a flipped CRC, length or magic byte', () => {
    for (let pos = 8; pos < 21; pos++) {
      if (pos >= 12 && pos < 16) continue; // partitionLeaderEpoch, below
      const batch = Buffer.from(original);
      batch[pos] ^= 0x01;
      expectCorrupt(() => readRecords(batch));
    }
  });

  it('does not cover baseOffset or partitionLeaderEpoch, which the broker patches', () => {
    for (const pos of [0, 3, 7, 12, 15]) {
      const batch = Buffer.from(original);
      batch[pos] ^= 0x01;
      expect(validateBatch(batch).crc).toBe(validateBatch(original).crc);
      expect(readRecords(batch)).toHaveLength(3);
    }
    const patched = Buffer.from(original);
    patched.writeInt32BE(0, 0);
    patched.writeInt32BE(5000, 4); // baseOffset 5000
    expect(readRecords(patched).map((r) => r.offset)).toEqual([5000, 5001, 5002]);
  });
});

describe('framing', () => {
  it('rejects magic other than 2, naming it', () => {
    for (const magic of [0, 1, 3]) {
      const batch = Buffer.from(sampleBatch());
      batch[16] = magic;
      expect(() => readRecords(batch)).toThrow(new RegExp(`magic ${magic}`));
    }
  });

  it.each(ALL_CODECS)('codec %i: every truncation is corrupt', (codec) => {
    const batch = sampleBatch(codec);
    for (let length = 0; length < batch.length; length++) expectCorrupt(() => readRecords(batch.subarray(0, length)));
  });

  it('rejects trailing bytes after the last record, and records missing from the count', () => {
    const extra = reseal(Buffer.concat([sampleBatch(), Buffer.from([0])]));
    expect(() => readRecords(extra)).toThrow(/1 bytes after its 3 records/);
    const more = Buffer.from(sampleBatch());
    more.writeInt32BE(4, 57);
    expect(() => readRecords(reseal(more))).toThrow(/declares 4 records but holds only 3/);
  });

  it('rejects a record whose fields overrun its declared length', () => {
    const batch = Buffer.from(sampleBatch());
    // First record's length varint: shrink it by one (zigzag: -2).
    batch[61] -= 2;
    expect(() => readRecords(reseal(batch))).toThrow(CorruptRecordError);
  });

  it('rejects an unknown codec id in the attributes', () => {
    const batch = Buffer.from(sampleBatch());
    batch.writeInt16BE(6, 21);
    expect(() => readRecords(reseal(batch))).toThrow(/unknown compression codec id 6/);
  });
});

type Mutation =
  | { kind: 'flip'; at: number; value: number }
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'count'; value: number }
  | { kind: 'codec'; value: number };

describe('random mutations (property)', () => {
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    fc.record({ kind: fc.constant('count' as const), value: fc.integer({ min: -5, max: 2 ** 31 - 1 }) }),
    fc.record({ kind: fc.constant('codec' as const), value: fc.integer({ min: 0, max: 7 }) }),
  );

  function mutate(batch: Buffer, m: Mutation): Buffer {
    const section = batch.subarray(61);
    const at = 'at' in m ? m.at % Math.max(1, section.length) : 0;
    switch (m.kind) {
      case 'flip': {
        const out = Buffer.from(batch);
        if (section.length > 0) out[61 + at] ^= m.value;
        return out;
      }
      case 'cut':
        return Buffer.from(batch.subarray(0, 61 + at));
      case 'insert':
        return Buffer.concat([batch.subarray(0, 61 + at), m.bytes, batch.subarray(61 + at)]);
      case 'count': {
        const out = Buffer.from(batch);
        out.writeInt32BE(m.value, 57);
        return out;
      }
      case 'codec': {
        const out = Buffer.from(batch);
        out.writeInt16BE((out.readInt16BE(21) & ~7) | m.value, 21);
        return out;
      }
    }
  }

  it.each(ALL_CODECS)('codec %i: resealed mutations decode or fail with CorruptRecordError', (codec) => {
    const original = sampleBatch(codec);
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        readsOrCorrupt(reseal(ms.reduce(mutate, original)));
      }),
      { numRuns: 300 },
    );
  });

  it('a records section of random bytes, with any record count and codec', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: -1, max: 1000 }), fc.integer({ min: 0, max: 7 }), (bytes, count, codec) => {
        const batch = Buffer.concat([sampleBatch().subarray(0, 61), bytes]);
        batch.writeInt32BE(count, 57);
        batch.writeInt16BE(codec, 21);
        readsOrCorrupt(reseal(batch));
      }),
      { numRuns: 1000 },
    );
  });

  it('unsealed mutations anywhere are always caught', () => {
    const original = sampleBatch(CompressionType.Gzip);
    fc.assert(
      fc.property(fc.integer({ min: 8, max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, value) => {
        fc.pre(at < 12 || at >= 16);
        const batch = Buffer.from(original);
        batch[at] ^= value;
        expectCorrupt(() => readRecords(batch));
      }),
    );
  });
});
