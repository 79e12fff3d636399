// Reads the record batches of a partition straight from its segment files: what the broker
// really stored, codec attribute included, without going through Fetch.
import fs from 'node:fs';
import path from 'node:path';
import { type BatchHeader, validateBatch } from '../../../broker-runtime/protocol/records/batch-header.js';

export interface StoredBatch {
  header: BatchHeader;
  /** attributes bits 0-2 */
  codec: number;
  /** The whole batch as stored (baseOffset and partitionLeaderEpoch are the broker's). */
  bytes: Buffer;
}

export function partitionDir(dataDir: string, brokerId: number, topic: string, partition: number): string {
  return path.join(dataDir, `broker-${brokerId}`, `${topic}-${partition}`);
}

/** Every batch of every segment, in offset order; each is CRC-checked (validateBatch). */
export function readStoredBatches(dataDir: string, brokerId: number, topic: string, partition = 0): StoredBatch[] {
  const dir = partitionDir(dataDir, brokerId, topic, partition);
  const segments = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  const batches: StoredBatch[] = [];
  for (const segment of segments) {
    const data = fs.readFileSync(path.join(dir, segment));
    let pos = 0;
    while (pos + 12 <= data.length) {
      const size = data.readInt32BE(pos + 8) + 12;
      if (size <= 12 || pos + size > data.length) throw new Error(`${segment}: torn batch at byte ${pos}`);
      const bytes = data.subarray(pos, pos + size);
      const header = validateBatch(bytes);
      batches.push({ header, codec: header.attributes & 0x07, bytes });
      pos += size;
    }
  }
  return batches;
}
