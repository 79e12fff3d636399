// Turns a request frame into a handler call and the handler's answer into response chunks.
//
// Kafka's rules, which clients depend on (CLIENTS.md 4.1):
// - an ApiVersions request of a version we do not serve is answered with a v0 body carrying
//   UNSUPPORTED_VERSION and our ApiVersions range, so the client can retry with a version we know;
// - any other unknown API key, unsupported version or unparsable body closes the connection;
// - the response header is v1 for flexible versions, except ApiVersions, which is always v0.
import type { ConnectionInfo, FrameHandler, FrameResponse } from '../network/connection.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { ApiVersions, type ApiVersionsResponse } from '../protocol/generated/api-versions.js';
import { decodeRequestHeader, encodeResponseHeader } from '../protocol/generated/headers.js';
import { requestHeaderVersion, responseHeaderVersion } from '../protocol/generated/index.js';
import { MalformedMessageError, Reader } from '../protocol/primitives/reader.js';
import { Writer } from '../protocol/primitives/writer.js';
import type { BrokerServices } from '../server/broker-services.js';
import type { AnyApiHandler, RequestContext } from './handler.js';

export class UnsupportedRequestError extends Error {}

export class RequestDispatcher implements FrameHandler {
  constructor(
    private readonly handlers: ReadonlyMap<number, AnyApiHandler>,
    private readonly broker: BrokerServices,
  ) {}

  handleFrame(frame: Buffer, connection: ConnectionInfo): FrameResponse | null | Promise<FrameResponse | null> {
    if (frame.length < 8) throw new MalformedMessageError(`request of ${frame.length} bytes is shorter than a request header`);
    const apiKey = frame.readInt16BE(0);
    const apiVersion = frame.readInt16BE(2);
    const reader = new Reader(frame);
    const header = decodeRequestHeader(reader, requestHeaderVersion(apiKey, apiVersion));
    const handler = this.handlers.get(apiKey);
    if (!handler) throw new UnsupportedRequestError(`unknown API key ${apiKey} (version ${apiVersion}) from ${header.clientId}`);
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey === ApiVersions.apiKey) return this.unsupportedApiVersions(header.correlationId, handler);
      throw new UnsupportedRequestError(`${handler.messages.name} version ${apiVersion} is not supported (${handler.minVersion}-${handler.maxVersion})`);
    }
    const request: unknown = handler.messages.decodeRequest(reader, apiVersion);
    let sent: (() => void)[] | null = null;
    const onSent = (): void => {
      for (const callback of sent?.splice(0) ?? []) callback();
    };
    const context: RequestContext = {
      apiVersion,
      correlationId: header.correlationId,
      clientId: header.clientId,
      connection,
      broker: this.broker,
      afterResponse: (callback) => (sent ??= []).push(callback),
    };
    const encode = (response: unknown): FrameResponse | null => {
      if (response === null) {
        onSent();
        return null;
      }
      const w = new Writer();
      encodeResponseHeader(w, { correlationId: header.correlationId }, responseHeaderVersion(apiKey, apiVersion));
      handler.messages.encodeResponse(w, response, apiVersion);
      return { chunks: w.toChunks(), onSent: sent ? onSent : undefined };
    };
    const failed = (err: unknown): never => {
      onSent();
      throw err;
    };
    let result: unknown;
    try {
      result = handler.handle(request, context);
    } catch (err) {
      failed(err);
    }
    return result instanceof Promise ? result.then(encode, failed) : encode(result);
  }

  /** KIP-511: answer in v0 with our range, whatever version the client asked for. */
  private unsupportedApiVersions(correlationId: number, handler: AnyApiHandler): FrameResponse {
    const response: ApiVersionsResponse = {
      errorCode: ErrorCode.UNSUPPORTED_VERSION,
      apiKeys: [{ apiKey: ApiVersions.apiKey, minVersion: handler.minVersion, maxVersion: handler.maxVersion }],
    };
    const w = new Writer();
    encodeResponseHeader(w, { correlationId }, 0);
    ApiVersions.encodeResponse(w, response, 0);
    return { chunks: w.toChunks() };
  }
}
