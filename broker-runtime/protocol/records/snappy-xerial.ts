// Xerial snappy framing (snappy-java's SnappyOutputStream), which the Java client and librdkafka
// write for snappy batches:
//
//   magic    8 bytes  0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00
//   version  int32 BE (1)
//   compat   int32 BE (1)
//   then, repeated:  length int32 BE | one raw snappy block of `length` bytes
//
// Some clients (kafkajs's snappy plugin, older Go clients) send a single raw snappy block instead;
// the decoder tells the two apart by the magic.
// NB: snappy-java also reads a second header appearing at a block boundary (concatenated streams);
// so do we.
import { CorruptRecordError } from '../../errors.js';

const MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const HEADER_SIZE = MAGIC.length + 8;
const VERSION = 1;
const COMPATIBLE_VERSION = 1;
/** snappy-java's default block size, which Kafka's SnappyOutputStream uses. */
const BLOCK_SIZE = 32 * 1024;

export function isXerialSnappy(buf: Buffer): boolean {
  return buf.length >= MAGIC.length && buf.compare(MAGIC, 0, MAGIC.length, 0, MAGIC.length) === 0;
}

export function encodeXerialSnappy(input: Buffer, compressBlock: (block: Buffer) => Buffer): Buffer {
  const parts: Buffer[] = [];
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header, 0);
  header.writeInt32BE(VERSION, MAGIC.length);
  header.writeInt32BE(COMPATIBLE_VERSION, MAGIC.length + 4);
  parts.push(header);
  for (let pos = 0; pos < input.length; pos += BLOCK_SIZE) {
    const block = compressBlock(input.subarray(pos, Math.min(pos + BLOCK_SIZE, input.length)));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

export function decodeXerialSnappy(
  buf: Buffer,
  uncompressBlock: (block: Buffer, maxBytes: number) => Buffer,
  maxBytes: number,
): Buffer {
  const parts: Buffer[] = [];
  let total = 0;
  let pos = 0;
  while (pos < buf.length) {
    if (isXerialSnappy(buf.subarray(pos))) {
      if (buf.length - pos < HEADER_SIZE) throw new CorruptRecordError('xerial snappy header is truncated');
      pos += HEADER_SIZE;
      continue;
    }
    if (buf.length - pos < 4) throw new CorruptRecordError(`xerial snappy block length truncated at byte ${pos}`);
    const length = buf.readInt32BE(pos);
    pos += 4;
    if (length < 0 || length > buf.length - pos) {
      throw new CorruptRecordError(`xerial snappy block at byte ${pos - 4} declares ${length} bytes, ${buf.length - pos} left`);
    }
    const block = uncompressBlock(buf.subarray(pos, pos + length), maxBytes);
    pos += length;
    total += block.length;
    if (total > maxBytes) throw new CorruptRecordError(`xerial snappy stream decompresses past ${maxBytes} bytes`);
    parts.push(block);
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
}
