// Test helper: hand-assembles LZ4 frames (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md)
// with the flag combinations other Kafka clients write, so the decoder is checked against more
// than the one encoder we ship. Blocks are compressed with lz4-napi's raw block compressor.
import { compressSync } from 'lz4-napi';

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;
const round = (acc: number, lane: number): number => mul(rotl((acc + mul(lane, P2)) >>> 0, 13), P1);

/** XXH32, which the frame format uses for its header, block and content checksums. */
export function xxh32(buf: Buffer, seed = 0): number {
  let pos = 0;
  let h: number;
  if (buf.length >= 16) {
    let v1 = (seed + P1 + P2) >>> 0;
    let v2 = (seed + P2) >>> 0;
    let v3 = seed >>> 0;
    let v4 = (seed - P1) >>> 0;
    for (; pos + 16 <= buf.length; pos += 16) {
      v1 = round(v1, buf.readUInt32LE(pos));
      v2 = round(v2, buf.readUInt32LE(pos + 4));
      v3 = round(v3, buf.readUInt32LE(pos + 8));
      v4 = round(v4, buf.readUInt32LE(pos + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) >>> 0;
  } else {
    h = (seed + P5) >>> 0;
  }
  h = (h + buf.length) >>> 0;
  for (; pos + 4 <= buf.length; pos += 4) h = mul(rotl((h + mul(buf.readUInt32LE(pos), P3)) >>> 0, 17), P4);
  for (; pos < buf.length; pos++) h = mul(rotl((h + mul(buf[pos], P5)) >>> 0, 11), P1);
  h = mul(h ^ (h >>> 15), P2);
  h = mul(h ^ (h >>> 13), P3);
  return (h ^ (h >>> 16)) >>> 0;
}

export interface Lz4FrameOptions {
  /** Block independence flag; when false, each block is compressed against the previous one. */
  independent: boolean;
  blockChecksum: boolean;
  contentChecksum: boolean;
  contentSize: boolean;
  /** Stored uncompressed (high bit of the block size set) instead of compressed. */
  storeUncompressed?: boolean;
}

/** One frame whose blocks are exactly `blocks` (each at most 64 KiB: BD says so). */
export function buildLz4Frame(blocks: Buffer[], opts: Lz4FrameOptions): Buffer {
  const flg =
    (1 << 6) |
    (opts.independent ? 0x20 : 0) |
    (opts.blockChecksum ? 0x10 : 0) |
    (opts.contentSize ? 0x08 : 0) |
    (opts.contentChecksum ? 0x04 : 0);
  const bd = 4 << 4; // 64 KiB maximum block size
  const content = Buffer.concat(blocks);
  const descriptor = Buffer.alloc(opts.contentSize ? 10 : 2);
  descriptor[0] = flg;
  descriptor[1] = bd;
  if (opts.contentSize) descriptor.writeBigUInt64LE(BigInt(content.length), 2);
  const parts: Buffer[] = [Buffer.from([0x04, 0x22, 0x4d, 0x18]), descriptor, Buffer.from([(xxh32(descriptor) >>> 8) & 0xff])];
  blocks.forEach((block, i) => {
    if (block.length > 64 * 1024) throw new Error('test frame blocks are at most 64 KiB');
    const dict = !opts.independent && i > 0 ? blocks[i - 1] : undefined;
    // lz4-napi prefixes its raw blocks with their uncompressed size (u32 LE); the frame does not.
    const stored = opts.storeUncompressed ? block : compressSync(block, dict).subarray(4);
    const size = Buffer.alloc(4);
    size.writeUInt32LE((stored.length | (opts.storeUncompressed ? 0x8000_0000 : 0)) >>> 0);
    parts.push(size, stored);
    if (opts.blockChecksum) parts.push(u32le(xxh32(stored)));
  });
  parts.push(Buffer.alloc(4)); // end mark
  if (opts.contentChecksum) parts.push(u32le(xxh32(content)));
  return Buffer.concat(parts);
}

function u32le(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
}
