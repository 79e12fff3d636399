// A bare Kafka protocol client for tests: frames a request with the generated request header and
// codec, and decodes the response with the generated response codec. For the versions and fields
// that real clients do not send (CreateTopics v7, DescribeCluster, DeleteTopics by id, ...).
//
//   const client = await RawClient.connect(cluster.bootstrap);
//   const response = await client.send(DescribeCluster, 1, { includeClusterAuthorizedOperations: true });
//   client.close();
//
// Requests may be pipelined: responses are matched to requests by correlation id, in order, as the
// broker must answer them. A response with bytes left over after decoding fails the request, so a
// codec or handler mismatch cannot pass unnoticed.
import net from 'node:net';
import { decodeResponseHeader, encodeRequestHeader } from '../../broker-runtime/protocol/generated/headers.js';
import { requestHeaderVersion, responseHeaderVersion } from '../../broker-runtime/protocol/generated/index.js';
import type { ApiMessages } from '../../broker-runtime/protocol/primitives/api-messages.js';
import { Reader } from '../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../broker-runtime/protocol/primitives/writer.js';

interface Pending {
  correlationId: number;
  decode(body: Reader): unknown;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class RawClient {
  private nextCorrelationId = 1;
  private readonly pending: Pending[] = [];
  private buffered: Buffer = Buffer.alloc(0);
  private failure: Error | null = null;

  private constructor(
    private readonly socket: net.Socket,
    readonly clientId: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the broker')));
  }

  /** Connects to `host:port`, or to the first address of a bootstrap list. */
  static connect(address: string, clientId = 'oxbow-raw-client'): Promise<RawClient> {
    const [host, port] = address.split(',')[0].split(':');
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port: Number(port) }, () => {
        socket.off('error', reject);
        resolve(new RawClient(socket, clientId));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request of `version` and resolves with the decoded response. */
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
      const reader = new Reader(frame);
      const response = next.decode(reader);
      if (reader.remaining() !== 0) throw new Error(`${reader.remaining()} bytes left after decoding the response`);
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

/** Connects, sends one request, closes. */
export async function rawRequest<Req, Res>(address: string, messages: ApiMessages<Req, Res>, version: number, request: Req): Promise<Res> {
  const client = await RawClient.connect(address);
  try {
    return await client.send(messages, version, request);
  } finally {
    client.close();
  }
}
