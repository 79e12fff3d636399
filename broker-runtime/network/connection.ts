// One client connection: frames in, responses out, strictly in request order.
//
// Invariant: requests on a connection are handled one at a time, in arrival order, like Kafka's
// SocketServer, which mutes a channel until its in-flight response is sent. Clients pipeline
// (kafka-python sends ApiVersions and Metadata back to back) and match responses by position, so a
// parked Fetch holds up the requests behind it on the same socket, exactly as in Kafka.
// Frames that arrive meanwhile wait in memory; past a limit the socket is paused (backpressure).
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { FrameDecoder } from './frame-decoder.js';

export interface ConnectionInfo {
  readonly id: string;
  readonly remoteAddress: string;
}

/** Response bytes (size prefix excluded) as chunks written without copying. */
export type ResponseChunks = Buffer[];

export interface FrameResponse {
  readonly chunks: ResponseChunks;
  /**
   * Runs once the chunks are handed to the kernel, or once it is clear they never will be (the
   * connection closed first): memory they refer to may be reused from then on.
   */
  readonly onSent?: () => void;
}

export interface FrameHandler {
  /**
   * Handles one request frame. Returns the response, or null when the request gets no response
   * (acks=0 produce). Throwing closes the connection: that is how Kafka answers frames it cannot
   * parse, unknown API keys and unsupported versions.
   */
  handleFrame(frame: Buffer, connection: ConnectionInfo): FrameResponse | null | Promise<FrameResponse | null>;
}

const MAX_QUEUED_FRAMES = 256;
const MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** How long a closing connection waits for the client to close its side before it is destroyed. */
const LINGER_MS = 2_000;

export class KafkaConnection implements ConnectionInfo {
  readonly remoteAddress: string;
  private readonly decoder: FrameDecoder;
  private readonly queue: Buffer[] = [];
  private queuedBytes = 0;
  private busy = false;
  private closed = false;
  /** Answers written, the socket half-closed, the client's rest being drained (closeAfterAnswers). */
  private closing = false;

  constructor(
    readonly id: string,
    private readonly socket: Socket,
    private readonly handler: FrameHandler,
    maxFrameBytes: number,
    private readonly log: Logger,
    private readonly onClose: (connection: KafkaConnection) => void,
  ) {
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.decoder = new FrameDecoder(maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug(`connection ${this.id} error`, err.message));
    socket.on('close', () => this.teardown());
  }

  /** Closes the connection; the client sees a disconnect and reconnects. */
  close(reason?: string): void {
    if (this.closed) return;
    if (reason) this.log.info(`closing connection ${this.id} from ${this.remoteAddress}: ${reason}`);
    this.socket.destroy();
    this.teardown();
  }

  private onData(chunk: Buffer): void {
    const frames = this.decoder.push(chunk);
    for (const frame of frames) {
      this.queue.push(frame);
      this.queuedBytes += frame.length;
    }
    if (this.decoder.error || this.queue.length > MAX_QUEUED_FRAMES || this.queuedBytes + this.decoder.bufferedBytes > MAX_QUEUED_BYTES) {
      this.socket.pause();
    }
    this.drainQueue();
  }

  /** Handles queued frames one by one; synchronous handlers run without a promise per request. */
  private drainQueue(): void {
    while (!this.busy && !this.closed && this.queue.length > 0) {
      const frame = this.queue.shift()!;
      this.queuedBytes -= frame.length;
      let result: FrameResponse | null | Promise<FrameResponse | null>;
      try {
        result = this.handler.handleFrame(frame, this);
      } catch (err) {
        this.close(`request rejected (${describeFrame(frame)}): ${(err as Error).message}`);
        return;
      }
      if (result instanceof Promise) {
        this.busy = true;
        result.then(
          (response) => this.afterResponse(response),
          (err: Error) => this.close(`request failed: ${err.message}`),
        );
        return;
      }
      if (!this.write(result)) return;
    }
    if (this.closed || this.queue.length > 0) return;
    // After a bad size prefix, the requests before it are answered (as in Kafka), then we close.
    if (this.decoder.error) {
      if (!this.busy) this.closeAfterAnswers(this.decoder.error.message);
    } else if (this.socket.isPaused()) {
      this.socket.resume();
    }
  }

  /**
   * Closes once the answers already written are delivered. Invariant: the client's unread bytes
   * (whatever followed the bad frame) are read and dropped until it closes too, because closing a
   * TCP socket with unread input sends a reset, and a reset can make the client's kernel discard
   * the answers it has received but not yet read.
   */
  private closeAfterAnswers(reason: string): void {
    if (this.closed || this.closing) return;
    this.closing = true;
    this.log.info(`closing connection ${this.id} from ${this.remoteAddress}: ${reason}`);
    this.socket.removeAllListeners('data');
    this.socket.on('data', () => {});
    this.socket.resume();
    this.socket.end();
    setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
  }

  private afterResponse(response: FrameResponse | null): void {
    this.busy = false;
    if (this.closed) {
      response?.onSent?.();
      return;
    }
    if (this.write(response)) this.drainQueue();
  }

  /** Writes one response; returns false when the socket buffer is full and we wait for 'drain'. */
  private write(response: FrameResponse | null): boolean {
    if (response === null) return true;
    const { chunks, onSent } = response;
    let size = 0;
    for (const c of chunks) size += c.length;
    const prefix = Buffer.allocUnsafe(4);
    prefix.writeInt32BE(size, 0);
    this.socket.cork();
    // The last write's callback runs once every chunk has left for the kernel (or failed).
    this.socket.write(prefix, chunks.length === 0 ? onSent : undefined);
    for (let i = 0; i < chunks.length; i++) this.socket.write(chunks[i], i === chunks.length - 1 ? onSent : undefined);
    this.socket.uncork();
    if (!this.socket.writableNeedDrain) return true;
    this.busy = true;
    this.socket.once('drain', () => {
      this.busy = false;
      this.drainQueue();
    });
    return false;
  }

  private teardown(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.onClose(this);
  }
}

/** Names a frame's API key and version in a log line, so a client's malformed request can be traced. */
function describeFrame(frame: Buffer): string {
  return frame.length >= 4 ? `api key ${frame.readInt16BE(0)} v${frame.readInt16BE(2)}` : `${frame.length}-byte frame`;
}
