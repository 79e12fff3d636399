// The contract of a request handler: one file per Kafka API under handlers/, each declaring the
// versions it serves. The registry of handlers is what ApiVersions advertises.
import type { ConnectionInfo } from '../network/connection.js';
import type { ApiMessages } from '../protocol/primitives/api-messages.js';
import type { BrokerServices } from '../server/broker-services.js';

export interface RequestContext {
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  readonly connection: ConnectionInfo;
  readonly broker: BrokerServices;
  /**
   * Runs `callback` once the response has been handed to the socket, or is known never to be (no
   * response, a failed handler, a closed connection): memory the response refers to, such as a
   * fetch's pooled reads, may be reused from then on.
   */
  afterResponse(callback: () => void): void;
}

export interface ApiHandler<Req, Res> {
  readonly messages: ApiMessages<Req, Res>;
  /** The version range advertised in ApiVersions (a subset of what the codec knows). */
  readonly minVersion: number;
  readonly maxVersion: number;
  /**
   * Returns the response, or null when the request gets none (Produce with acks=0).
   * Per-partition problems are answered with error codes in the response; a throw closes the
   * connection, so handlers throw only for requests they cannot answer at all.
   */
  handle(request: Req, context: RequestContext): Res | null | Promise<Res | null>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyApiHandler = ApiHandler<any, any>;

export function defineHandler<Req, Res>(handler: ApiHandler<Req, Res>): ApiHandler<Req, Res> {
  return handler;
}
