// Kafka framing: every request is an int32 size followed by that many bytes (header + body).
// Invariant: a frame is handed out only when complete; a size outside [0, maxFrameBytes] is a
// protocol violation and the connection is closed (Kafka's socket.request.max.bytes,
// InvalidReceiveException), never allocated. The complete frames before it are still handed out:
// Kafka reads the next size only after answering the previous request, so it answers them first.

export class FrameTooLargeError extends Error {
  constructor(readonly size: number, readonly maxFrameBytes: number) {
    super(`request of ${size} bytes exceeds socket.request.max.bytes (${maxFrameBytes})`);
    this.name = 'FrameTooLargeError';
  }
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Size of the frame being assembled, or -1 while its 4-byte prefix is incomplete. */
  private frameSize = -1;
  /** Set at the first bad size prefix; from then on nothing is buffered or decoded. */
  error: FrameTooLargeError | null = null;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes received but not yet handed out as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /**
   * Feeds bytes from the socket and returns the frames they complete. A frame that lies inside
   * one chunk is returned as a view of it; only frames split across reads are copied, once.
   * After a bad size prefix, check `error`: the frames returned are the last ones.
   */
  push(chunk: Buffer): Buffer[] {
    if (this.error) return [];
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.frameSize < 0) {
        if (this.buffered < 4) break;
        const size = this.take(4).readInt32BE(0);
        if (size < 0 || size > this.maxFrameBytes) {
          this.error = new FrameTooLargeError(size, this.maxFrameBytes);
          this.chunks = [];
          this.buffered = 0;
          break;
        }
        this.frameSize = size;
      }
      if (this.buffered < this.frameSize) break;
      frames.push(this.take(this.frameSize));
      this.frameSize = -1;
    }
    return frames;
  }

  private take(n: number): Buffer {
    // A zero-size frame may end the bytes read so far: there is no chunk left to slice.
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.chunks[0];
      const used = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, used);
      filled += used;
      if (used === head.length) this.chunks.shift();
      else this.chunks[0] = head.subarray(used);
    }
    this.buffered -= n;
    return out;
  }
}
