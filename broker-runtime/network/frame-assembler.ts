// Kafka framing for bytes that are valid only during the call that hands them over: a socket
// read into one reused buffer (Node's `onread`). Every frame is copied, once, into memory the
// owner chooses when the frame's size is known, so a receiver can put frames in memory it reuses.
// Why: a socket's default reads each get a fresh 64 KiB Buffer, and every fresh Buffer counts as
// V8 external memory that soon forces a collection; a follower receives its whole log this way.
// Invariant: as in FrameDecoder, a size outside [0, maxFrameBytes] stops the assembler (`error`)
// before anything is allocated for it, and nothing after it is handed out.
import { FrameTooLargeError } from './frame-decoder.js';

export class FrameAssembler {
  private readonly prefix = Buffer.alloc(4);
  private prefixFilled = 0;
  /** The frame being filled, or null while its size prefix is incomplete. */
  private frame: Buffer | null = null;
  private filled = 0;
  error: FrameTooLargeError | null = null;

  constructor(
    private readonly maxFrameBytes: number,
    /** Memory for the next frame, called once its size is read. */
    private readonly allocate: (size: number) => Buffer,
  ) {}

  /** Copies `chunk` in and calls `onFrame` for each frame it completes, in order. */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    let at = 0;
    while (!this.error && at < chunk.length) {
      if (!this.frame) {
        const n = Math.min(4 - this.prefixFilled, chunk.length - at);
        chunk.copy(this.prefix, this.prefixFilled, at, at + n);
        this.prefixFilled += n;
        at += n;
        if (this.prefixFilled < 4) return;
        this.prefixFilled = 0;
        const size = this.prefix.readInt32BE(0);
        if (size < 0 || size > this.maxFrameBytes) {
          this.error = new FrameTooLargeError(size, this.maxFrameBytes);
          return;
        }
        this.frame = this.allocate(size);
        this.filled = 0;
      }
      const n = Math.min(this.frame.length - this.filled, chunk.length - at);
      chunk.copy(this.frame, this.filled, at, at + n);
      this.filled += n;
      at += n;
      if (this.filled < this.frame.length) return;
      const frame = this.frame;
      this.frame = null;
      onFrame(frame);
    }
  }
}
