// An outgoing connection from this broker to another one (Kafka's NetworkClient, reduced to what a
// replica fetcher needs): requests framed with the generated header and codecs, answered in order.
// Invariant: once the socket fails or closes, every pending and later request rejects; the owner
// opens a new connection.
import net from 'node:net';
import { FrameDecoder } from '../network/frame-decoder.js';
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

interface Pending {
  correlationId: number;
  decode(body: Reader): unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class BrokerConnection {
  private nextCorrelationId = 1;
  private readonly pending: Pending[] = [];
  private readonly decoder = new FrameDecoder(MAX_RESPONSE_BYTES);
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly clientId: string,
    private readonly options: BrokerConnectionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, clientId: string, timeoutMs = 5000, options: BrokerConnectionOptions = {}): Promise<BrokerConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
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
        resolve(new BrokerConnection(socket, clientId, options));
      });
    });
  }

  get isClosed(): boolean {
    return this.failure !== null;
  }

  send<Req, Res>(messages: ApiMessages<Req, Res>, version: number, request: Req): Promise<Res> {
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
    return new Promise<Res>((resolve, reject) => {
      this.pending.push({
        correlationId,
        decode: (body) => {
          decodeResponseHeader(body, responseHeaderVersion(messages.apiKey, version));
          return messages.decodeResponse(body, version);
        },
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      this.socket.write(frame);
    });
  }

  close(): void {
    this.fail(new Error('connection closed'));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    for (const frame of this.decoder.push(chunk)) this.onFrame(frame);
    if (this.decoder.error) this.fail(this.decoder.error);
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
