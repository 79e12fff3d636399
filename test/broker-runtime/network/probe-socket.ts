// A raw TCP connection for robustness tests: writes arbitrary bytes (garbage included), hands out
// response frames one by one, and reports when the broker closes the connection. Every wait has a
// deadline, so a broker that hangs fails the test instead of stalling it.
import net from 'node:net';
import { FrameAssembler } from '../../helpers/frames.js';

export class DeadlineExceeded extends Error {}

export class ProbeSocket {
  private readonly assembler = new FrameAssembler();
  private readonly frames: Buffer[] = [];
  private wake: (() => void) | null = null;
  private closedFlag = false;
  /** Set when the response stream itself is not valid framing. */
  garbage: Error | null = null;
  /** Bytes of a response cut short by the close; non-zero means the broker sent a partial frame. */
  truncatedResponseBytes = 0;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    // Resets and broken pipes are expected when the broker drops a connection on purpose.
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.frames.push(...this.assembler.push(chunk));
      } catch (err) {
        this.garbage = err as Error;
        socket.destroy();
      }
      this.notify();
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.closedFlag = true;
        this.truncatedResponseBytes = this.assembler.bufferedBytes;
        this.notify();
        resolve();
      });
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<ProbeSocket> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host });
      socket.setNoDelay(true);
      const probe = new ProbeSocket(socket);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(probe);
      });
      socket.once('error', reject);
    });
  }

  get isClosed(): boolean {
    return this.closedFlag;
  }

  /** Resolves once the bytes are handed to the kernel, or the write failed because the broker closed. */
  write(bytes: Buffer): Promise<void> {
    if (this.socket.destroyed || this.socket.writableEnded) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Half-closes: the broker sees end of stream, which closes the connection on its side too. */
  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The next response frame, or null when the connection closed first. */
  async nextFrame(timeoutMs: number): Promise<Buffer | null> {
    await this.waitUntil(() => this.frames.length > 0 || this.closedFlag, timeoutMs, 'a response frame');
    return this.frames.shift() ?? null;
  }

  /** Waits for the broker to close the connection; returns the frames not yet taken. */
  async waitForClose(timeoutMs: number): Promise<Buffer[]> {
    await this.waitUntil(() => this.closedFlag, timeoutMs, 'the connection to close');
    return this.frames.splice(0);
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new DeadlineExceeded(`no ${what} within ${timeoutMs} ms`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }
}
