// zstd for @platformatic/kafka on Node 20.
//
// platformatic's zstd codec is Node's zlib, which has zstd only from Node 22.15 (Electron 45 runs
// Node 22; `oxbow serve` and the tests may run on Node 20). Without it, producing with zstd fails
// and so does reading any partition holding a zstd batch (kcat and Java clients write them). Where
// zlib lacks zstd, platformatic's codec table gets zstd-napi (the engine's zstd library) instead;
// the table is shared by its encoder and decoder.
// NB: zstd-napi trusts a frame's declared content size when it allocates; a cluster serving a
// frame that declares gigabytes makes the read fail, which is what a corrupt batch should do.
import zlib from 'node:zlib';
import { compressionsAlgorithms } from '@platformatic/kafka';
import { compress, decompress } from 'zstd-napi';

type Codec = { compressSync: (data: Buffer) => Buffer; decompressSync: (data: Buffer) => Buffer; available?: boolean };

export function installZstdFallback(): void {
  if (typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function') return;
  const codec = compressionsAlgorithms.zstd as unknown as Codec;
  // Buffers only: platformatic hands its codecs either a Buffer or its DynamicBuffer (`.buffer`).
  codec.compressSync = (data) => compress(asBuffer(data));
  codec.decompressSync = (data) => decompress(asBuffer(data));
  codec.available = true;
}

function asBuffer(data: Buffer | { buffer: Buffer }): Buffer {
  return Buffer.isBuffer(data) ? data : data.buffer;
}
