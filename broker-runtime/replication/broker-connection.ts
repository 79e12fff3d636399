// An outgoing connection from this broker to another one (Kafka's NetworkClient, reduced to what a
// replica fetcher needs): requests framed with the generated header and codecs, answered in order.
// Invariant: once the socket fails or closes, every pending and later request rejects; the owner
// opens a new connection.
// Memory: the socket reads into one reused buffer and each response is copied out once, into its
// own Buffer, or for borrow() into the connection's reusable frame buffer, which the response
// may use only until its callback returns. Why: a follower receives gigabytes here, and fresh
// Buffers for all of it kept V8 collecting (see network/frame-assembler.ts).
import net from 'node:net';
import { FrameAssembler } from '../network/frame-assembler.js';
import { decodeResponseHeader, encodeRequestHeader } from '../protocol/generated/headers.js';
import { requestHeaderVersion, responseHeaderVersion } from '../protocol/generated/index.js';
import type { ApiMessages } from '../protocol/primitives/api-messages.js';
import { Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';

export interface BrokerConnectionOptions {
  /** Fail a request whose response has bytes left after decoding (tests want codec mismatches loud). */
  requireWholeResponse?: boolean;
}

// A response frame can be as large as a fetch allows; the cap only guards against garbage sizes.
const MAX_RESPONSE_BYTES = 0x7fffffff;
const READ_BUFFER_BYTES = 256 * 1024;

interface Pending {
  correlationId: number;
  /** The response goes into the reusable frame buffer and is used before the next one arrives. */
  borrowed: boolean;
  decode(body: Reader): unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class BrokerConnection {
  private nextCorrelationId = 1;
  private readonly pending: Pending[] = [];
  private readonly assembler = new FrameAssembler(MAX_RESPONSE_BYTES, (size) => this.frameMemory(size));
  /** Memory for borrowed responses; grows to the largest one. */
  private reusable = Buffer.alloc(0);
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly clientId: string,
    private readonly options: BrokerConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, clientId: string, timeoutMs = 5000, options: BrokerConnectionOptions = {}): Promise<BrokerConnection> {
    return new Promise((resolve, reject) => {
      let connection: BrokerConnection | undefined;
      const socket = net.connect({
        host,
        port,
        onread: {
          buffer: Buffer.allocUnsafe(READ_BUFFER_BYTES),
          callback: (n: number, buffer: Uint8Array) => {
            connection?.onData(Buffer.from(buffer.buffer, buffer.byteOffset, n));
            return true;
          },
        },
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connecting to ${host}:${port} timed out`));
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        connection = new BrokerConnection(socket, clientId, options);
        resolve(connection);
      });
    });
  }

  get isClosed(): boolean {
    return this.failure !== null;
  }

  send<Req, Res>(messages: ApiMessages<Req, Res>, version: number, request: Req): Promise<Res> {
    return this.request(messages, version, request, false, (response) => response);
  }

  /**
   * Like send, but the response is decoded into memory this connection reuses: it is valid only
   * while `use` runs, and what `use` returns is what the promise resolves to. Invariant: `use`
   * keeps no reference to the response or any Buffer in it.
   */
  borrow<Req, Res, T>(messages: ApiMessages<Req, Res>, version: number, request: Req, use: (response: Res) => T): Promise<T> {
    return this.request(messages, version, request, true, use);
  }

  private request<Req, Res, T>(messages: ApiMessages<Req, Res>, version: number, request: Req, borrowed: boolean, use: (response: Res) => T): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const correlationId = this.nextCorrelationId++;
    const w = new Writer();
    w.int32(0); // the frame size, patched below
    encodeRequestHeader(
      w,
      { requestApiKey: messages.apiKey, requestApiVersion: version, correlationId, clientId: this.clientId },
      requestHeaderVersion(messages.apiKey, version),
    );
    messages.encodeRequest(w, request, version);
    const frame = w.toBuffer();
    frame.writeInt32BE(frame.length - 4, 0);
    return new Promise<T>((resolve, reject) => {
      this.pending.push({
        correlationId,
        borrowed,
        decode: (body) => {
          decodeResponseHeader(body, responseHeaderVersion(messages.apiKey, version));
          return use(messages.decodeResponse(body, version));
        },
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.socket.write(frame);
    });
  }

  close(reason = new Error('connection closed')): void {
    this.fail(reason);
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.failure) return;
    this.assembler.push(chunk, (frame) => this.onFrame(frame));
    if (this.assembler.error) this.close(this.assembler.error);
  }

  /** Where the next response frame goes: the reusable buffer if its request borrows. */
  private frameMemory(size: number): Buffer {
    if (!this.pending[0]?.borrowed) return Buffer.allocUnsafe(size);
    if (this.reusable.length < size) this.reusable = Buffer.allocUnsafeSlow(size);
    return this.reusable.subarray(0, size);
  }

  private onFrame(frame: Buffer): void {
    const next = this.pending.shift();
    if (!next) return this.fail(new Error(`unexpected response of ${frame.length} bytes`));
    const correlationId = frame.readInt32BE(0);
    if (correlationId !== next.correlationId) {
      return this.fail(new Error(`response correlation id ${correlationId}, expected ${next.correlationId}`));
    }
    try {
      const reader = new Reader(frame);
      const response = next.decode(reader);
      if (this.options.requireWholeResponse && reader.remaining() !== 0) {
        throw new Error(`${reader.remaining()} bytes left after decoding the response`);
      }
      next.resolve(response);
    } catch (err) {
      next.reject(err as Error);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
