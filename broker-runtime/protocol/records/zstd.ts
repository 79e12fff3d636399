// Zstandard decompression with the guards a records section needs.
//
// zstd-napi's one-call `decompress` trusts each frame's declared content size (it allocates that
// much up front) and, for frames without one, returns whatever a truncated stream yields. Kafka
// producers write both kinds: zstd-jni's streaming encoder leaves the content size out. So we walk
// the frames ourselves: declared sizes are checked against a limit before allocating, and a
// streamed frame that ends early is corrupt, not short.
import zstdBinding from 'zstd-napi/binding.js';
import { compress as zstdCompress } from 'zstd-napi';
import { CorruptRecordError } from '../../errors.js';

const { DCtx, findFrameCompressedSize, getFrameContentSize } = zstdBinding;

/** Output chunk size for frames whose content size is unknown. */
const STREAM_CHUNK = 128 * 1024;

export function compressZstd(buf: Buffer): Buffer {
  return zstdCompress(buf);
}

export function decompressZstd(buf: Buffer, maxBytes: number): Buffer {
  if (buf.length === 0) throw new CorruptRecordError('zstd records section is empty');
  const parts: Buffer[] = [];
  let total = 0;
  let rest = buf;
  while (rest.length > 0) {
    // Throws on a frame that is truncated or not zstd at all.
    const frameSize = findFrameCompressedSize(rest);
    const frame = rest.subarray(0, frameSize);
    rest = rest.subarray(frameSize);
    const declared = getFrameContentSize(frame);
    const budget = maxBytes - total;
    const out = declared === null ? streamFrame(frame, budget) : oneShotFrame(frame, declared, budget);
    total += out.length;
    // Invariant: each frame stays within what the earlier frames left of maxBytes, so total does too.
    parts.push(out);
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
}

function oneShotFrame(frame: Buffer, declared: number, budget: number): Buffer {
  if (declared > budget) {
    throw new CorruptRecordError(`zstd frame declares ${declared} bytes, more than the ${budget} left of the limit`);
  }
  const out = Buffer.allocUnsafe(declared);
  const written = new DCtx().decompress(out, frame);
  if (written !== declared) {
    throw new CorruptRecordError(`zstd frame declares ${declared} bytes but holds ${written}`);
  }
  return out;
}

function streamFrame(frame: Buffer, budget: number): Buffer {
  const dctx = new DCtx();
  const chunks: Buffer[] = [];
  let total = 0;
  let input = frame;
  for (;;) {
    const chunk = Buffer.allocUnsafe(STREAM_CHUNK);
    const [hint, produced, consumed] = dctx.decompressStream(chunk, input);
    input = input.subarray(consumed);
    total += produced;
    if (total > budget) throw new CorruptRecordError(`zstd frame decompresses past the ${budget} bytes left of the limit`);
    chunks.push(chunk.subarray(0, produced));
    // A hint of 0 means the frame is complete.
    if (hint === 0) break;
    // Invariant: every turn makes progress, so garbage cannot spin this loop.
    if (produced === 0 && consumed === 0) throw new CorruptRecordError('zstd frame ends before its last block');
  }
  return Buffer.concat(chunks, total);
}
