// The TCP listener of one broker. Binds to 127.0.0.1 unless told otherwise (secure by default:
// an embedded cluster is for this machine only).
import net from 'node:net';
import type { Logger } from '../logger.js';
import { KafkaConnection, type FrameHandler } from './connection.js';

export interface SocketServerOptions {
  host: string;
  port: number;
  /** Kafka's socket.request.max.bytes: larger frames close the connection. */
  maxRequestBytes: number;
}

export const DEFAULT_SOCKET_REQUEST_MAX_BYTES = 104_857_600;

export class SocketServer {
  private readonly server: net.Server;
  private readonly connections = new Set<KafkaConnection>();
  private nextConnectionId = 0;

  constructor(
    private readonly options: SocketServerOptions,
    handler: FrameHandler,
    private readonly log: Logger,
  ) {
    this.server = net.createServer((socket) => {
      const id = `${options.port}-${this.nextConnectionId++}`;
      const connection = new KafkaConnection(id, socket, handler, options.maxRequestBytes, log, (c) =>
        this.connections.delete(c),
      );
      this.connections.add(connection);
    });
  }

  /** Starts listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: this.options.host, port: this.options.port, exclusive: true }, () => {
        this.server.off('error', reject);
        const address = this.server.address() as net.AddressInfo;
        this.log.info(`listening on ${address.address}:${address.port}`);
        resolve(address.port);
      });
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Stops accepting, closes every connection, and resolves once the listener is closed. */
  close(): Promise<void> {
    for (const c of [...this.connections]) c.close();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
