// A TCP proxy between a client and one broker that cuts connections at chosen points of the Kafka
// exchange. It reads just enough of the framing (int32 size, then the request header's apiKey and
// correlationId, or the response's correlationId) to know which request a byte belongs to, and
// forwards whole frames otherwise untouched.
//
// The cut that matters for idempotence is `lose-response`: the broker has received, appended and
// answered the request, and the client never learns it; it must retry, and the broker must
// recognise the retry as a duplicate.
import net from 'node:net';

export type CutDecision =
  /** Forward the request and its response. */
  | 'pass'
  /** Close both sides before the request reaches the broker. */
  | 'drop-request'
  /** Forward part of the request's frame, then close: the broker sees a torn frame. */
  | 'tear-request'
  /** Forward the request; close both sides when its response arrives, instead of delivering it. */
  | 'lose-response';

export interface RequestInfo {
  apiKey: number;
  correlationId: number;
  /** Requests with this apiKey seen so far by the proxy, across connections (0-based). */
  index: number;
}

export type CutPolicy = (request: RequestInfo) => CutDecision;

export interface ProxyStats {
  connections: number;
  cuts: Record<Exclude<CutDecision, 'pass'>, number>;
}

/** Splits a byte stream into size-prefixed Kafka frames. */
class FrameSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32BE(0) + 4;
      if (this.pending.length < size) break;
      frames.push(this.pending.subarray(0, size));
      this.pending = this.pending.subarray(size);
    }
    return frames;
  }
}

export class TcpProxy {
  readonly stats: ProxyStats = { connections: 0, cuts: { 'drop-request': 0, 'tear-request': 0, 'lose-response': 0 } };
  private readonly sockets = new Set<net.Socket>();
  private readonly seenByApiKey = new Map<number, number>();

  private readonly server: net.Server;
  readonly host = '127.0.0.1';

  private constructor(target: { host: string; port: number }, policy: CutPolicy) {
    this.server = net.createServer((client) => this.accept(client, target, policy));
  }

  /** Listens on 127.0.0.1 on a free port and forwards to `target`. */
  static async start(target: { host: string; port: number }, policy: CutPolicy = () => 'pass'): Promise<TcpProxy> {
    const proxy = new TcpProxy(target, policy);
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen({ host: proxy.host, port: 0 }, () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  private accept(client: net.Socket, target: { host: string; port: number }, policy: CutPolicy): void {
    this.stats.connections++;
    const broker = net.connect(target);
    this.sockets.add(client).add(broker);
    const cut = () => {
      client.destroy();
      broker.destroy();
    };
    for (const s of [client, broker]) {
      s.on('error', cut);
      s.on('close', () => {
        this.sockets.delete(s);
        cut();
      });
    }
    // Correlation ids whose responses must be lost.
    const doomed = new Set<number>();
    const requests = new FrameSplitter();
    const responses = new FrameSplitter();
    client.on('data', (chunk: Buffer) => {
      for (const frame of requests.push(chunk)) {
        const apiKey = frame.readInt16BE(4);
        const correlationId = frame.readInt32BE(8);
        const index = this.seenByApiKey.get(apiKey) ?? 0;
        this.seenByApiKey.set(apiKey, index + 1);
        const decision = policy({ apiKey, correlationId, index });
        if (decision !== 'pass') this.stats.cuts[decision]++;
        if (decision === 'drop-request') return cut();
        if (decision === 'tear-request') {
          broker.write(frame.subarray(0, Math.max(5, frame.length >> 1)), () => cut());
          return;
        }
        if (decision === 'lose-response') doomed.add(correlationId);
        broker.write(frame);
      }
    });
    broker.on('data', (chunk: Buffer) => {
      for (const frame of responses.push(chunk)) {
        if (doomed.has(frame.readInt32BE(4))) return cut();
        client.write(frame);
      }
    });
  }

  /** Closes the listener and every connection through it. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
