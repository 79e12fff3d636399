// Low-level Kafka framing for tests, with no I/O: size prefixes (forged ones included), request
// frames built from the generated header and body codecs, frames split out of a byte stream, and
// response frames decoded strictly (a response with bytes left over is garbage, not an answer).
import type { ApiMessages } from '../../broker-runtime/protocol/generated/index.js';
import { decodeResponseHeader, encodeRequestHeader } from '../../broker-runtime/protocol/generated/headers.js';
import { requestHeaderVersion, responseHeaderVersion } from '../../broker-runtime/protocol/generated/index.js';
import { Reader } from '../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../broker-runtime/protocol/primitives/writer.js';

/** Kafka's socket.request.max.bytes default, which Oxbow uses too. */
export const MAX_REQUEST_BYTES = 104_857_600;

/** A 4-byte big-endian int32 size prefix; any int32 may be forged, negative ones included. */
export function sizePrefix(size: number): Buffer {
  const prefix = Buffer.alloc(4);
  prefix.writeInt32BE(size, 0);
  return prefix;
}

/** `payload` as one frame: its size, then its bytes. */
export function sizePrefixed(payload: Buffer): Buffer {
  return Buffer.concat([sizePrefix(payload.length), payload]);
}

export interface RequestFrameSpec<Req> {
  messages: ApiMessages<Req, unknown>;
  version: number;
  correlationId: number;
  request: Req;
  /** Default 'oxbow-test'. */
  clientId?: string | null;
}

/** Request header + body, without the size prefix, in the header version the API version implies. */
export function encodeRequestPayload<Req>(spec: RequestFrameSpec<Req>): Buffer {
  const { messages, version, correlationId } = spec;
  const w = new Writer();
  encodeRequestHeader(
    w,
    { requestApiKey: messages.apiKey, requestApiVersion: version, correlationId, clientId: spec.clientId === undefined ? 'oxbow-test' : spec.clientId },
    requestHeaderVersion(messages.apiKey, version),
  );
  messages.encodeRequest(w, spec.request, version);
  return w.toBuffer();
}

/** A whole request frame: size prefix, header, body. */
export function encodeRequestFrame<Req>(spec: RequestFrameSpec<Req>): Buffer {
  return sizePrefixed(encodeRequestPayload(spec));
}

/** The correlation id of a response frame (size prefix already removed). */
export function responseCorrelationId(frame: Buffer): number {
  return frame.readInt32BE(0);
}

export interface DecodedResponse<Res> {
  correlationId: number;
  body: Res;
}

/**
 * Decodes a response frame (size prefix removed) as `version` of `messages`, with the header
 * version that version implies. Throws when the frame is malformed or has bytes left over.
 */
export function decodeResponseFrame<Res>(frame: Buffer, messages: ApiMessages<unknown, Res>, version: number): DecodedResponse<Res> {
  const r = new Reader(frame);
  const { correlationId } = decodeResponseHeader(r, responseHeaderVersion(messages.apiKey, version));
  const body = messages.decodeResponse(r, version);
  if (r.remaining() !== 0) {
    throw new Error(`${messages.name} v${version} response has ${r.remaining()} bytes left over after the body`);
  }
  return { correlationId, body };
}

export type StreamEnd =
  /** Every byte belongs to a complete frame. */
  | { kind: 'complete' }
  /** A frame (or its size prefix) is cut short: the receiver waits for more. */
  | { kind: 'incomplete'; missing: number }
  /** A size prefix outside [0, maxFrameBytes]: the receiver closes the connection there. */
  | { kind: 'invalid-size'; size: number };

/**
 * Splits a byte stream into the frames a receiver would see, by Kafka's rule: an int32 size in
 * [0, maxFrameBytes], then that many bytes. Stops at the first invalid size or incomplete frame.
 */
export function splitFrames(bytes: Buffer, maxFrameBytes = MAX_REQUEST_BYTES): { frames: Buffer[]; end: StreamEnd } {
  const frames: Buffer[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 4) return { frames, end: { kind: 'incomplete', missing: 4 - (bytes.length - pos) } };
    const size = bytes.readInt32BE(pos);
    if (size < 0 || size > maxFrameBytes) return { frames, end: { kind: 'invalid-size', size } };
    if (bytes.length - pos - 4 < size) return { frames, end: { kind: 'incomplete', missing: size - (bytes.length - pos - 4) } };
    frames.push(bytes.subarray(pos + 4, pos + 4 + size));
    pos += 4 + size;
  }
  return { frames, end: { kind: 'complete' } };
}

/**
 * Incremental splitter for a response stream read off a socket. A negative size prefix from the
 * broker is garbage: `push` throws, and the caller fails the test.
 */
export class FrameAssembler {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let pos = 0;
    while (this.pending.length - pos >= 4) {
      const size = this.pending.readInt32BE(pos);
      if (size < 0) throw new Error(`response frame with negative size ${size}`);
      if (this.pending.length - pos - 4 < size) break;
      frames.push(Buffer.from(this.pending.subarray(pos + 4, pos + 4 + size)));
      pos += 4 + size;
    }
    this.pending = this.pending.subarray(pos);
    return frames;
  }

  /** Bytes of a response that has started but not finished. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}
