import { Readable } from 'node:stream';
import { buffer as collect } from 'node:stream/consumers';
import * as zlib from 'node:zlib';
import { compressSync as snappyRaw } from 'snappy';
import { CompressStream, compress as zstdCompress } from 'zstd-napi';
import { describe, expect, it } from 'vitest';
import { CorruptRecordError, KafkaError } from '../../../../broker-runtime/errors.js';
import { CompressionType, compress, decompress } from '../../../../broker-runtime/protocol/records/compression.js';
import { buildLz4Frame, xxh32 } from './lz4-frame-builder.js';

/** Compressible but not trivial: a repeating text with a counter in it. */
function sample(size: number): Buffer {
  const out = Buffer.alloc(size);
  let pos = 0;
  for (let i = 0; pos < size; i++) pos += out.write(`record-${i % 977} payload;`, pos);
  return out;
}

const CODECS = [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd];
const XERIAL_HEADER = Buffer.from('82534e415050590000000001' + '00000001', 'hex');

describe('every codec', () => {
  it.each(CODECS)('codec %i round-trips empty, small and multi-block inputs', (type) => {
    for (const size of [0, 1, 100, 200_000]) {
      const input = sample(size);
      const packed = compress(type, input);
      if (size === 200_000) expect(packed.length).toBeLessThan(size / 4);
      expect(decompress(type, packed).equals(input)).toBe(true);
    }
  });

  it.each(CODECS)('codec %i turns garbage into CorruptRecordError', (type) => {
    for (const garbage of [Buffer.alloc(0), Buffer.from('not compressed at all'), Buffer.alloc(64, 0xff)]) {
      expect(() => decompress(type, garbage)).toThrow(CorruptRecordError);
    }
  });

  it.each(CODECS)('codec %i turns a truncated payload into CorruptRecordError', (type) => {
    const packed = compress(type, sample(100_000));
    expect(() => decompress(type, packed.subarray(0, packed.length - 7))).toThrow(CorruptRecordError);
  });

  it.each(CODECS)('codec %i refuses output past the limit', (type) => {
    const packed = compress(type, Buffer.alloc(100_000));
    expect(() => decompress(type, packed, 50_000)).toThrow(/50000/);
    expect(decompress(type, packed, 100_000).length).toBe(100_000);
  });

  it('none is the identity', () => {
    const input = sample(10);
    expect(compress(CompressionType.None, input)).toBe(input);
    expect(decompress(CompressionType.None, input)).toBe(input);
  });

  it('an unknown codec id is corrupt data when reading, unsupported when writing', () => {
    for (const id of [5, 6, 7]) expect(() => decompress(id, Buffer.alloc(4))).toThrow(CorruptRecordError);
    try {
      compress(5 as CompressionType, Buffer.alloc(4));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(KafkaError);
      expect((err as KafkaError).errorName).toBe('UNSUPPORTED_COMPRESSION_TYPE');
      expect((err as KafkaError).code).toBe(76);
    }
  });
});

describe('gzip', () => {
  it('reads concatenated gzip members, as GZIPInputStream does', () => {
    const two = Buffer.concat([zlib.gzipSync(Buffer.from('abc')), zlib.gzipSync(Buffer.from('def'))]);
    expect(decompress(CompressionType.Gzip, two).toString()).toBe('abcdef');
  });
});

describe('snappy', () => {
  it('writes xerial framing with 32 KiB blocks, as the Java client does', () => {
    const input = sample(100_000);
    const packed = compress(CompressionType.Snappy, input);
    expect(packed.subarray(0, 16).equals(XERIAL_HEADER)).toBe(true);
    // Walk the blocks by hand: int32 length + raw snappy block, 4 blocks of at most 32 KiB.
    const blocks: Buffer[] = [];
    for (let pos = 16; pos < packed.length; ) {
      const length = packed.readInt32BE(pos);
      blocks.push(decompress(CompressionType.Snappy, packed.subarray(pos + 4, pos + 4 + length)));
      pos += 4 + length;
    }
    expect(blocks.map((b) => b.length)).toEqual([32768, 32768, 32768, 100_000 - 3 * 32768]);
    expect(Buffer.concat(blocks).equals(input)).toBe(true);
  });

  it('reads a raw snappy block (kafkajs-snappy, older Go clients)', () => {
    const input = sample(5000);
    expect(decompress(CompressionType.Snappy, snappyRaw(input)).equals(input)).toBe(true);
  });

  it('reads xerial streams concatenated back to back', () => {
    const a = compress(CompressionType.Snappy, Buffer.from('first;'));
    const b = compress(CompressionType.Snappy, Buffer.from('second'));
    expect(decompress(CompressionType.Snappy, Buffer.concat([a, b])).toString()).toBe('first;second');
  });

  it('rejects xerial blocks whose length runs past the end, and lying raw preambles', () => {
    const packed = compress(CompressionType.Snappy, sample(1000));
    const lying = Buffer.from(packed);
    lying.writeInt32BE(1_000_000, 16);
    expect(() => decompress(CompressionType.Snappy, lying)).toThrow(/declares 1000000 bytes/);
    // A raw block whose preamble claims 2^32 - 1 bytes.
    expect(() => decompress(CompressionType.Snappy, Buffer.from('ffffffff0f00', 'hex'))).toThrow(/declares 4294967295/);
  });
});

describe('lz4', () => {
  it('writes a standard LZ4 frame: magic, version 1, independent blocks, valid header checksum', () => {
    const packed = compress(CompressionType.Lz4, sample(1000));
    expect(packed.readUInt32LE(0)).toBe(0x184d2204);
    const flg = packed[4];
    expect(flg >> 6).toBe(1);
    expect(flg & 0x20).toBe(0x20);
    const descriptorEnd = flg & 0x08 ? 14 : 6;
    expect(packed[descriptorEnd]).toBe((xxh32(packed.subarray(4, descriptorEnd)) >>> 8) & 0xff);
  });

  // Frames other clients write: Kafka's Java encoder (independent, no checksums), liblz4 defaults
  // as librdkafka uses them (content checksum), linked blocks, block checksums, content size.
  const input = sample(150_000);
  const blocks = [input.subarray(0, 65536), input.subarray(65536, 131072), input.subarray(131072)];
  const variants = [];
  for (const independent of [true, false])
    for (const blockChecksum of [true, false])
      for (const contentChecksum of [true, false])
        for (const contentSize of [true, false]) variants.push({ independent, blockChecksum, contentChecksum, contentSize });

  it.each(variants)('reads a frame with %o', (opts) => {
    expect(decompress(CompressionType.Lz4, buildLz4Frame(blocks, opts)).equals(input)).toBe(true);
    expect(decompress(CompressionType.Lz4, buildLz4Frame(blocks, { ...opts, storeUncompressed: true })).equals(input)).toBe(true);
  });

  it('rejects a frame whose checksums do not match', () => {
    const frame = buildLz4Frame(blocks, { independent: true, blockChecksum: false, contentChecksum: true, contentSize: false });
    frame[frame.length - 1] ^= 1;
    expect(() => decompress(CompressionType.Lz4, frame)).toThrow(CorruptRecordError);
  });

  it('rejects raw lz4 blocks (not a frame) and absurd declared content sizes', () => {
    expect(() => decompress(CompressionType.Lz4, Buffer.from('17000000f00068656c6c6f', 'hex'))).toThrow(/bad magic/);
    const frame = buildLz4Frame([Buffer.from('x')], { independent: true, blockChecksum: false, contentChecksum: false, contentSize: true });
    frame.writeUInt32LE(0xffffffff, 6);
    expect(() => decompress(CompressionType.Lz4, frame)).toThrow(/declares/);
  });
});

describe('zstd', () => {
  async function streamed(chunks: Buffer[]): Promise<Buffer> {
    return collect(Readable.from(chunks).pipe(new CompressStream()));
  }

  it('reads a streamed frame with no content size (as zstd-jni writes)', async () => {
    const input = sample(300_000);
    const packed = await streamed([input.subarray(0, 1000), input.subarray(1000)]);
    // Frame header descriptor: Frame_Content_Size_flag 0 and no single-segment bit: size unknown.
    expect(packed[4] & 0xe0).toBe(0);
    expect(decompress(CompressionType.Zstd, packed).equals(input)).toBe(true);
    expect(() => decompress(CompressionType.Zstd, packed, 100_000)).toThrow(/100000/);
    expect(() => decompress(CompressionType.Zstd, packed.subarray(0, packed.length - 3))).toThrow(CorruptRecordError);
  });

  it('reads concatenated frames', () => {
    const two = Buffer.concat([zstdCompress(Buffer.from('abc')), zstdCompress(Buffer.from('def'))]);
    expect(decompress(CompressionType.Zstd, two).toString()).toBe('abcdef');
  });

  it('rejects a frame whose declared content size is absurd or wrong', () => {
    // Single-segment frame, 4-byte content size, one raw last block of 5 bytes.
    const frame = (declared: number): Buffer => {
      const b = Buffer.alloc(4 + 1 + 4 + 3 + 5);
      b.writeUInt32LE(0xfd2fb528, 0);
      b[4] = 0xa0;
      b.writeUInt32LE(declared, 5);
      b.writeUIntLE((5 << 3) | 1, 9, 3);
      b.write('hello', 12);
      return b;
    };
    expect(decompress(CompressionType.Zstd, frame(5)).toString()).toBe('hello');
    expect(() => decompress(CompressionType.Zstd, frame(0xffffffff))).toThrow(/declares 4294967295/);
    expect(() => decompress(CompressionType.Zstd, frame(100))).toThrow(CorruptRecordError);
  });
});
