// An outgoing connection from this broker to another one (Kafka's NetworkClient, reduced to what a
// replica fetcher needs): requests framed with the generated header and codecs, answered in order.
// Invariant: once the socket fails or closes, every pending and later request rejects; the owner
// opens a new connection.
import net from 'node:net';
import { decodeResponseHeader, encodeRequestHeader } from '../protocol/generated/headers.js';
import { requestHeaderVersion, responseHeaderVersion } from '../protocol/generated/index.js';
import type { ApiMessages } from '../protocol/primitives/api-messages.js';
import { Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';

interface Pending {
  correlationId: number;
  decode(body: Reader): unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class BrokerConnection {
  private nextCorrelationId = 1;
  private readonly pending: Pending[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    private readonly clientId: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, clientId: string, timeoutMs = 5000): Promise<BrokerConnection> {
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
        resolve(new BrokerConnection(socket, clientId));
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
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= 4) {
      const size = this.buffered.readInt32BE(0);
      if (this.buffered.length < 4 + size) return;
      const frame = this.buffered.subarray(4, 4 + size);
      this.buffered = this.buffered.subarray(4 + size);
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    const next = this.pending.shift();
    if (!next) return this.fail(new Error(`unexpected response of ${frame.length} bytes`));
    const correlationId = frame.readInt32BE(0);
    if (correlationId !== next.correlationId) {
      return this.fail(new Error(`response correlation id ${correlationId}, expected ${next.correlationId}`));
    }
    try {
      next.resolve(next.decode(new Reader(frame)));
    } catch (err) {
      next.reject(err as Error);
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
