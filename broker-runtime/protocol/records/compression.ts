// The four codecs a RecordBatch v2 may carry (attributes bits 0-2), compressed as one blob over
// the whole records section.
//
// Threading contract: everything here is synchronous and CPU-bound. The produce/fetch path stores
// and serves batches opaquely and calls it only for topics whose compression.type makes the leader
// re-compress; otherwise the UI's record reader, compaction and tests do.
import * as zlib from 'node:zlib';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompressRaw, uncompressSync as snappyUncompressRaw } from 'snappy';
import { CorruptRecordError, KafkaError } from '../../errors.js';
import { decodeXerialSnappy, encodeXerialSnappy, isXerialSnappy } from './snappy-xerial.js';
import { compressZstd, decompressZstd } from './zstd.js';

export enum CompressionType {
  None = 0,
  Gzip = 1,
  Snappy = 2,
  Lz4 = 3,
  Zstd = 4,
}

/**
 * Upper bound on one decompressed records section. Several formats declare the output size up
 * front; a corrupt or hostile header must not make us allocate gigabytes.
 * NB: far above any batch a client sends (message.max.bytes defaults to ~1 MiB compressed).
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;

export function compressionName(type: number): string {
  return CompressionType[type]?.toLowerCase() ?? `unknown(${type})`;
}

export function isKnownCompression(type: number): type is CompressionType {
  return Number.isInteger(type) && type >= CompressionType.None && type <= CompressionType.Zstd;
}

/** Compresses a records section the way the Java client frames it for each codec. */
export function compress(type: CompressionType, buf: Buffer): Buffer {
  switch (type) {
    case CompressionType.None:
      return buf;
    case CompressionType.Gzip:
      return zlib.gzipSync(buf);
    case CompressionType.Snappy:
      // Java's client writes xerial framing; every client we know reads it.
      return encodeXerialSnappy(buf, snappyCompressRaw);
    case CompressionType.Lz4:
      // NB: the LZ4 *frame* format (magic 0x184D2204), not raw blocks. lz4-napi writes independent
      // blocks without checksums, as Kafka's encoder does, but declares 4 MiB blocks where Kafka
      // declares 64 KiB; both are valid frames and every client's reader accepts them.
      return compressFrameSync(buf);
    case CompressionType.Zstd:
      return compressZstd(buf);
    default:
      throw new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', `cannot compress with codec ${compressionName(type)}`);
  }
}

/**
 * Decompresses a records section. Every failure, including an unknown codec id (a corrupt
 * attributes field), is a CorruptRecordError.
 */
export function decompress(type: number, buf: Buffer, maxBytes = DEFAULT_MAX_DECOMPRESSED_BYTES): Buffer {
  if (!isKnownCompression(type)) {
    throw new CorruptRecordError(`record batch uses unknown compression codec id ${type}`);
  }
  if (type === CompressionType.None) return buf;
  let out: Buffer;
  try {
    out = decompressKnown(type, buf, maxBytes);
  } catch (err) {
    if (err instanceof CorruptRecordError) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    throw new CorruptRecordError(`${compressionName(type)} records section does not decompress: ${reason}`);
  }
  if (out.length > maxBytes) {
    throw new CorruptRecordError(`${compressionName(type)} records section decompresses past ${maxBytes} bytes`);
  }
  return out;
}

function decompressKnown(type: CompressionType, buf: Buffer, maxBytes: number): Buffer {
  switch (type) {
    case CompressionType.Gzip:
      // gunzip reads concatenated gzip members, as Java's GZIPInputStream does.
      return zlib.gunzipSync(buf, { maxOutputLength: maxBytes });
    case CompressionType.Snappy:
      return isXerialSnappy(buf)
        ? decodeXerialSnappy(buf, snappyBlock, maxBytes)
        : snappyBlock(buf, maxBytes);
    case CompressionType.Lz4:
      return decompressLz4(buf, maxBytes);
    case CompressionType.Zstd:
      return decompressZstd(buf, maxBytes);
    default:
      return buf;
  }
}

/**
 * Snappy's best case is a 3-byte copy element producing 64 bytes, so no block expands by more
 * than ~21.3x (a block of zeros measures 21.32). A larger declared length is corrupt.
 */
const SNAPPY_MAX_RATIO = 22;

/** One raw snappy block, its declared length checked before the library allocates for it. */
function snappyBlock(block: Buffer, maxBytes: number): Buffer {
  const declared = rawSnappyLength(block);
  if (declared > maxBytes) {
    throw new CorruptRecordError(`snappy block declares ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  if (declared > block.length * SNAPPY_MAX_RATIO) {
    throw new CorruptRecordError(`snappy block of ${block.length} bytes cannot hold the ${declared} it declares`);
  }
  return snappyUncompressRaw(block, { asBuffer: true }) as Buffer;
}

/** The uncompressed length a raw snappy block starts with (an unsigned little-endian varint). */
function rawSnappyLength(block: Buffer): number {
  let value = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    value += (block[i] & 0x7f) * 2 ** (7 * i);
    if ((block[i] & 0x80) === 0) return value;
  }
  throw new CorruptRecordError('snappy block has no valid length preamble');
}

const LZ4_FRAME_MAGIC = 0x184d2204;

function decompressLz4(buf: Buffer, maxBytes: number): Buffer {
  if (buf.length < 4 || buf.readUInt32LE(0) !== LZ4_FRAME_MAGIC) {
    throw new CorruptRecordError('lz4 records section is not an LZ4 frame (bad magic)');
  }
  // The frame descriptor may declare the content size (FLG bit 3); refuse absurd ones up front.
  if (buf.length >= 14 && (buf[4] & 0x08) !== 0) {
    const declared = buf.readUInt32LE(6) + buf.readUInt32LE(10) * 0x1_0000_0000;
    if (declared > maxBytes) {
      throw new CorruptRecordError(`lz4 frame declares ${declared} bytes, more than the ${maxBytes} allowed`);
    }
  }
  return decompressFrameSync(buf);
}
