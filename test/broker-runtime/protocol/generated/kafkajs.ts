// kafkajs's own protocol modules (CommonJS, untyped), as an independent encoder of requests and
// decoder of responses to check the generated codecs against.
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { ApiMessages } from '../../../../broker-runtime/protocol/primitives/api-messages.js';
import { Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { decodeRequestHeader, encodeRequestHeader } from '../../../../broker-runtime/protocol/generated/headers.js';
import { requestHeaderVersion } from '../../../../broker-runtime/protocol/generated/index.js';

const require = createRequire(import.meta.url);

interface KafkajsEncoder {
  buffer: Buffer;
}

interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<KafkajsEncoder>;
}

type Args = Record<string, unknown> | unknown[];

/** kafkajs/src/protocol/requests/<api>/v<version>/request.js */
export function kafkajsRequest(api: string, version: number, args: Args): KafkajsRequest {
  const build = require(`kafkajs/src/protocol/requests/${api}/v${version}/request.js`) as (a: Args) => KafkajsRequest;
  return build(args);
}

/** kafkajs/src/protocol/requests/<api>/v<version>/response.js decode() */
export async function kafkajsDecodeResponse(api: string, version: number, body: Buffer): Promise<Record<string, unknown>> {
  const { decode } = require(`kafkajs/src/protocol/requests/${api}/v${version}/response.js`) as {
    decode(b: Buffer): Promise<Record<string, unknown>>;
  };
  return decode(body);
}

/** A complete request frame as kafkajs sends it: int32 size, header v1, body. */
export async function kafkajsFrame(request: KafkajsRequest, correlationId: number, clientId: string): Promise<Buffer> {
  const frame = require('kafkajs/src/protocol/request.js') as (a: unknown) => Promise<KafkajsEncoder>;
  return (await frame({ correlationId, clientId, request })).buffer;
}

/** A RecordBatch v2 (uncompressed) built by kafkajs, with fixed timestamps so it is deterministic. */
export async function kafkajsRecordBatch(messages: { key: string; value: string; timestamp: number }[]): Promise<Buffer> {
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
    RecordBatch(a: unknown): Promise<KafkajsEncoder>;
  };
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (a: unknown) => unknown;
  const first = messages[0].timestamp;
  const records = messages.map((m, i) => Record({ key: m.key, value: m.value, offsetDelta: i, timestampDelta: m.timestamp - first }));
  const batch = await RecordBatch({
    records, firstTimestamp: first, maxTimestamp: messages[messages.length - 1].timestamp, lastOffsetDelta: messages.length - 1,
  });
  return batch.buffer;
}

export interface RequestCase {
  readonly api: string;
  readonly version: number;
  readonly args: Args;
  readonly expected: Record<string, unknown>;
}

/**
 * kafkajs encodes the request; the frame must decode (header and body) to `expected`, and
 * encoding `expected` must give kafkajs's bytes back exactly. Returns the decoded body.
 */
export async function checkRequestAgainstKafkajs(
  codec: ApiMessages<unknown, unknown>, c: RequestCase,
): Promise<Record<string, unknown>> {
  const request = kafkajsRequest(c.api, c.version, c.args);
  expect([request.apiKey, request.apiVersion]).toEqual([codec.apiKey, c.version]);
  const frame = await kafkajsFrame(request, 0x01020304, 'oxbow-test');
  const r = new Reader(frame);
  expect(r.int32()).toBe(frame.length - 4);
  const headerVersion = requestHeaderVersion(codec.apiKey, c.version);
  const header = decodeRequestHeader(r, headerVersion);
  expect(header).toEqual({ requestApiKey: codec.apiKey, requestApiVersion: c.version, correlationId: 0x01020304, clientId: 'oxbow-test' });
  const body = codec.decodeRequest(r, c.version) as Record<string, unknown>;
  expect(r.remaining()).toBe(0);
  expect(body).toEqual(c.expected);

  const w = new Writer();
  w.int32(0); // size, patched below
  encodeRequestHeader(w, header, headerVersion);
  codec.encodeRequest(w, body, c.version);
  const ours = w.toBuffer();
  ours.writeInt32BE(ours.length - 4, 0);
  expect(ours.toString('hex')).toBe(frame.toString('hex'));
  return body;
}

/** Encodes a response body with our codec. */
export function encodeResponse(codec: ApiMessages<unknown, unknown>, message: Record<string, unknown>, version: number): Buffer {
  const w = new Writer();
  codec.encodeResponse(w, message, version);
  return w.toBuffer();
}
