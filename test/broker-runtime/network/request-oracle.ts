// What a Kafka broker must do with each frame of an arbitrary byte stream (CLIENTS.md 4.1, 4.2):
// answer it (with the same correlation id, a well-formed response and the error codes Kafka's rules
// determine), stay silent (acks=0 produce that succeeds), close the connection (unknown API key,
// unsupported version, unparsable body, size prefix out of range), or "unsure" when the answer may
// legitimately take longer than a test waits (a long poll).
//
// Invariant: the oracle decides from Kafka's rules and the broker's advertised versions, not from
// the handlers' code. It reuses the generated codecs only to read the fuzzed request the way any
// Kafka parser would.
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import {
  ApiVersions,
  Fetch,
  type FetchRequest,
  type FetchResponse,
  ListOffsets,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
  Metadata,
  type MetadataRequest,
  type MetadataResponse,
  Produce,
  type ProduceRequest,
  type ProduceResponse,
  apiMessagesByKey,
  decodeRequestHeader,
  requestHeaderVersion,
} from '../../../broker-runtime/protocol/generated/index.js';
import { Reader } from '../../../broker-runtime/protocol/primitives/reader.js';
import { recordSetToBuffer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { computeBatchCrc } from '../../../broker-runtime/protocol/records/batch-header.js';
import { type StreamEnd, decodeResponseFrame, splitFrames } from '../../helpers/frames.js';

export interface VersionRange {
  minVersion: number;
  maxVersion: number;
}

export interface KnownTopic {
  partitions: number;
  leaderEpoch: number;
}

/** What the test knows about the broker under fuzz. */
export interface World {
  /** From the broker's own ApiVersions answer. */
  advertised: ReadonlyMap<number, VersionRange>;
  /** Topics that exist; fuzzed Metadata may create more, which checks tolerate. */
  topics: ReadonlyMap<string, KnownTopic>;
  /** A long poll that may last longer than this is "unsure". */
  longPollLimitMs: number;
}

export type Expectation =
  | { kind: 'response'; correlationId: number; what: string; verify(frame: Buffer): void }
  | { kind: 'silent'; what: string }
  | { kind: 'close'; what: string }
  | { kind: 'unsure'; what: string };

const MAX_MESSAGE_BYTES = 1_048_588;
const BATCH_HEADER_SIZE = 61;
const AnyCode = 'any-but-unknown-server-error';
type Allowed = readonly number[] | typeof AnyCode;

function fail(message: string): never {
  throw new Error(message);
}

/** Kafka's Topic.validate, written out independently of the broker's copy. */
export function isValidTopicName(name: string): boolean {
  return name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && /^[a-zA-Z0-9._-]+$/.test(name);
}

function checkCode(code: number, allowed: Allowed, where: string): void {
  if (code === ErrorCode.UNKNOWN_SERVER_ERROR) fail(`${where}: UNKNOWN_SERVER_ERROR (an internal failure leaked to the client)`);
  if (allowed !== AnyCode && !allowed.includes(code)) fail(`${where}: error ${code}, expected one of [${allowed.join(', ')}]`);
}

/** Allowed codes for a partition that must exist, or the reason it does not. */
function partitionCodes(world: World, name: string, index: number): { topic: KnownTopic } | { allowed: Allowed } {
  const topic = world.topics.get(name);
  if (topic) return index >= 0 && index < topic.partitions ? { topic } : { allowed: [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION] };
  // A valid name may have been auto-created by a fuzzed Metadata request meanwhile.
  return { allowed: isValidTopicName(name) ? AnyCode : [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION] };
}

function epochCodes(requested: number | undefined, current: number): readonly number[] | null {
  if (requested === undefined || requested < 0 || requested === current) return null;
  return [requested < current ? ErrorCode.FENCED_LEADER_EPOCH : ErrorCode.UNKNOWN_LEADER_EPOCH];
}

/** Kafka's produce-path checks of a client's records: framing, magic, CRC, then size and density. */
export function expectedAppendCodes(records: Buffer | null): readonly number[] {
  if (records === null || records.length === 0) return [ErrorCode.NONE];
  const batches: Buffer[] = [];
  for (let pos = 0; pos < records.length;) {
    if (records.length - pos < 12) return [ErrorCode.CORRUPT_MESSAGE];
    const size = records.readInt32BE(pos + 8) + 12;
    if (size < BATCH_HEADER_SIZE || pos + size > records.length) return [ErrorCode.CORRUPT_MESSAGE];
    const batch = records.subarray(pos, pos + size);
    const badCounts = batch.readInt32BE(23) < 0 || batch.readInt32BE(57) < 0;
    if (batch[16] !== 2 || computeBatchCrc(batch) !== batch.readUInt32BE(17) || badCounts) return [ErrorCode.CORRUPT_MESSAGE];
    batches.push(batch);
    pos += size;
  }
  for (const batch of batches) {
    if (batch.length > MAX_MESSAGE_BYTES) return [ErrorCode.MESSAGE_TOO_LARGE];
    const lastOffsetDelta = batch.readInt32BE(23);
    const recordCount = batch.readInt32BE(57);
    if (recordCount <= 0 || recordCount !== lastOffsetDelta + 1) return [ErrorCode.INVALID_RECORD];
  }
  return [ErrorCode.NONE];
}

function produceCodes(world: World, request: ProduceRequest, name: string, index: number, records: Buffer | null): Allowed {
  if (request.acks !== 0 && request.acks !== 1 && request.acks !== -1) return [ErrorCode.INVALID_REQUIRED_ACKS];
  const p = partitionCodes(world, name, index);
  return 'allowed' in p ? p.allowed : expectedAppendCodes(records);
}

function verifyProduce(world: World, request: ProduceRequest, response: ProduceResponse): void {
  if (response.responses.length !== request.topicData.length) fail(`Produce: ${response.responses.length} topics answered, ${request.topicData.length} asked`);
  request.topicData.forEach((topic, t) => {
    const answer = response.responses[t];
    if (answer.name !== topic.name) fail(`Produce: topic ${t} answered as ${answer.name}, asked ${topic.name}`);
    topic.partitionData.forEach((data, p) => {
      const part = answer.partitionResponses[p];
      if (!part || part.index !== data.index) fail(`Produce: partition ${p} of ${topic.name} missing or out of order`);
      const records = data.records === null ? null : recordSetToBuffer(data.records);
      const where = `Produce ${topic.name}-${data.index}`;
      checkCode(part.errorCode, produceCodes(world, request, topic.name, data.index, records), where);
      if (part.errorCode !== ErrorCode.NONE && part.baseOffset !== -1) fail(`${where}: failed but baseOffset ${part.baseOffset}`);
      if (part.errorCode === ErrorCode.NONE && records !== null && records.length > 0 && part.baseOffset < 0) fail(`${where}: appended at ${part.baseOffset}`);
    });
    if (answer.partitionResponses.length !== topic.partitionData.length) fail(`Produce: partition count of ${topic.name} differs`);
  });
}

/** acks=0 gets no answer; a failing one closes the connection (Kafka's KafkaApis.handleProduceRequest). */
function expectAcksZero(world: World, request: ProduceRequest): Expectation {
  let certain = true;
  for (const topic of request.topicData) {
    for (const data of topic.partitionData) {
      const allowed = produceCodes(world, request, topic.name, data.index, data.records === null ? null : recordSetToBuffer(data.records));
      if (allowed === AnyCode) certain = false;
      else if (!allowed.includes(ErrorCode.NONE)) return { kind: 'close', what: `acks=0 produce to ${topic.name}-${data.index} fails` };
    }
  }
  return certain ? { kind: 'silent', what: 'acks=0 produce' } : { kind: 'unsure', what: 'acks=0 produce to a topic that may exist' };
}

function fetchPartitionCodes(world: World, name: string, index: number, currentLeaderEpoch: number | undefined): Allowed {
  const p = partitionCodes(world, name, index);
  if ('allowed' in p) return p.allowed;
  return epochCodes(currentLeaderEpoch, p.topic.leaderEpoch) ?? [ErrorCode.NONE, ErrorCode.OFFSET_OUT_OF_RANGE];
}

/**
 * From v13 topics go by id. The world's requests are v12 (by name): a v13+ request is a mutated
 * one whose "id" is bytes of something else, which no topic has.
 */
function verifyFetch(world: World, version: number, request: FetchRequest, response: FetchResponse): void {
  checkCode(response.errorCode ?? ErrorCode.NONE, AnyCode, 'Fetch');
  if (response.responses.length !== request.topics.length) fail(`Fetch: ${response.responses.length} topics answered, ${request.topics.length} asked`);
  request.topics.forEach((topic, t) => {
    const answer = response.responses[t];
    if (answer.topic !== topic.topic) fail(`Fetch: topic ${t} answered as ${answer.topic}, asked ${topic.topic}`);
    if (answer.topicId !== topic.topicId) fail(`Fetch: topic ${t} answered as id ${answer.topicId}, asked ${topic.topicId}`);
    if (version >= 13) {
      answer.partitions.forEach((part) => checkCode(part.errorCode, [ErrorCode.UNKNOWN_TOPIC_ID], `Fetch v${version} topic id ${topic.topicId}`));
    }
    if (answer.partitions.length !== topic.partitions.length) fail(`Fetch: partition count of ${topic.topic} differs`);
    topic.partitions.forEach((p, i) => {
      const part = answer.partitions[i];
      if (part.partitionIndex !== p.partition) fail(`Fetch: partition ${i} of ${topic.topic} out of order`);
      if (version < 13) checkCode(part.errorCode, fetchPartitionCodes(world, topic.topic ?? '', p.partition, p.currentLeaderEpoch), `Fetch ${topic.topic}-${p.partition}`);
    });
  });
}

/** A fetch that may park longer than the test waits (CLIENTS.md 4.3) is "unsure". */
function fetchMayOutwait(world: World, request: FetchRequest): boolean {
  if (request.maxWaitMs <= world.longPollLimitMs || request.minBytes <= 0) return false;
  return request.topics.some((t) => t.partitions.length > 0);
}

function verifyListOffsets(world: World, request: ListOffsetsRequest, response: ListOffsetsResponse): void {
  if (response.topics.length !== request.topics.length) fail(`ListOffsets: ${response.topics.length} topics answered, ${request.topics.length} asked`);
  request.topics.forEach((topic, t) => {
    const answer = response.topics[t];
    if (answer.name !== topic.name || answer.partitions.length !== topic.partitions.length) fail(`ListOffsets: topic ${t} answered differently`);
    topic.partitions.forEach((p, i) => {
      const part = answer.partitions[i];
      if (part.partitionIndex !== p.partitionIndex) fail(`ListOffsets: partition ${i} of ${topic.name} out of order`);
      const known = partitionCodes(world, topic.name, p.partitionIndex);
      const allowed = 'allowed' in known ? known.allowed : (epochCodes(p.currentLeaderEpoch, known.topic.leaderEpoch) ?? [ErrorCode.NONE]);
      checkCode(part.errorCode, allowed, `ListOffsets ${topic.name}-${p.partitionIndex}`);
    });
  });
}

function verifyMetadata(world: World, version: number, request: MetadataRequest, response: MetadataResponse): void {
  if (response.brokers.length === 0) fail('Metadata: no brokers');
  const all = request.topics === null || (version === 0 && request.topics.length === 0);
  if (all) {
    for (const name of world.topics.keys()) {
      if (!response.topics.some((t) => t.name === name && t.errorCode === ErrorCode.NONE)) fail(`Metadata (all topics): ${name} missing`);
    }
    return;
  }
  const wanted = request.topics ?? [];
  if (response.topics.length !== wanted.length) fail(`Metadata: ${response.topics.length} topics answered, ${wanted.length} asked`);
  wanted.forEach((w, i) => {
    const answer = response.topics[i];
    if (w.name === null) return checkCode(answer.errorCode, AnyCode, 'Metadata by topic id');
    if (answer.name !== w.name) fail(`Metadata: topic ${i} answered as ${answer.name}, asked ${w.name}`);
    const known = world.topics.get(w.name);
    let allowed: Allowed = AnyCode;
    if (known) allowed = [ErrorCode.NONE];
    else if (!isValidTopicName(w.name)) allowed = [ErrorCode.INVALID_TOPIC_EXCEPTION];
    checkCode(answer.errorCode, allowed, `Metadata ${JSON.stringify(w.name)}`);
    if (known && answer.partitions.length !== known.partitions) fail(`Metadata: ${w.name} has ${answer.partitions.length} partitions, expected ${known.partitions}`);
  });
}

function verifyApiVersions(world: World, response: { errorCode: number; apiKeys: { apiKey: number; minVersion: number; maxVersion: number }[] }): void {
  if (response.errorCode !== ErrorCode.NONE) fail(`ApiVersions: error ${response.errorCode}`);
  const keys = response.apiKeys.map((k) => `${k.apiKey}:${k.minVersion}-${k.maxVersion}`).join(',');
  const expected = [...world.advertised].map(([k, r]) => `${k}:${r.minVersion}-${r.maxVersion}`).join(',');
  if (keys !== expected) fail(`ApiVersions: advertised ${keys}, first answer said ${expected}`);
}

/** The KIP-511 fallback: a v0 body with UNSUPPORTED_VERSION and only ApiVersions' own range. */
export function verifyUnsupportedApiVersions(world: World, frame: Buffer, correlationId: number): void {
  const { correlationId: got, body } = decodeResponseFrame(frame, ApiVersions, 0);
  const range = world.advertised.get(ApiVersions.apiKey);
  if (got !== correlationId) fail(`ApiVersions fallback: correlation id ${got}, expected ${correlationId}`);
  if (body.errorCode !== ErrorCode.UNSUPPORTED_VERSION) fail(`ApiVersions fallback: error ${body.errorCode}, expected 35`);
  const only = body.apiKeys.length === 1 ? body.apiKeys[0] : null;
  if (!only || !range || only.apiKey !== 18 || only.minVersion !== range.minVersion || only.maxVersion !== range.maxVersion) {
    fail(`ApiVersions fallback: apiKeys ${JSON.stringify(body.apiKeys)}`);
  }
}

/** What the broker must do with one complete request frame (size prefix removed). */
export function expectFrame(frame: Buffer, world: World): Expectation {
  if (frame.length < 8) return { kind: 'close', what: `${frame.length}-byte frame, shorter than a request header` };
  const apiKey = frame.readInt16BE(0);
  const version = frame.readInt16BE(2);
  const what = `key ${apiKey} v${version}`;
  const reader = new Reader(frame);
  let correlationId: number;
  try {
    correlationId = decodeRequestHeader(reader, requestHeaderVersion(apiKey, version)).correlationId;
  } catch {
    return { kind: 'close', what: `${what} with an unparsable header` };
  }
  const range = world.advertised.get(apiKey);
  if (!range) return { kind: 'close', what: `unknown or unserved API ${what}` };
  if (version < range.minVersion || version > range.maxVersion) {
    if (apiKey !== ApiVersions.apiKey) return { kind: 'close', what: `unsupported ${what}` };
    return { kind: 'response', correlationId, what, verify: (f) => verifyUnsupportedApiVersions(world, f, correlationId) };
  }
  const messages = apiMessagesByKey.get(apiKey);
  if (!messages) fail(`the broker advertises API ${apiKey}, which has no codec`);
  let request: unknown;
  try {
    request = messages.decodeRequest(reader, version);
  } catch {
    return { kind: 'close', what: `${what} with an unparsable body` };
  }
  if (apiKey === Produce.apiKey && (request as ProduceRequest).acks === 0) return expectAcksZero(world, request as ProduceRequest);
  if (apiKey === Fetch.apiKey && fetchMayOutwait(world, request as FetchRequest)) return { kind: 'unsure', what: `${what} long poll` };
  const verify = (f: Buffer): void => {
    const { correlationId: got, body } = decodeResponseFrame(f, messages, version);
    if (got !== correlationId) fail(`${messages.name} v${version}: correlation id ${got}, expected ${correlationId}`);
    if (apiKey === ApiVersions.apiKey) verifyApiVersions(world, body as Parameters<typeof verifyApiVersions>[1]);
    else if (apiKey === Produce.apiKey) verifyProduce(world, request as ProduceRequest, body as ProduceResponse);
    else if (apiKey === Fetch.apiKey) verifyFetch(world, version, request as FetchRequest, body as FetchResponse);
    else if (apiKey === ListOffsets.apiKey) verifyListOffsets(world, request as ListOffsetsRequest, body as ListOffsetsResponse);
    else if (apiKey === Metadata.apiKey) verifyMetadata(world, version, request as MetadataRequest, body as MetadataResponse);
  };
  return { kind: 'response', correlationId, what: `${messages.name} v${version}`, verify };
}

export interface StreamPlan {
  expectations: Expectation[];
  end: StreamEnd;
}

/**
 * Expectations for a whole byte stream, up to the first close or "unsure" (after which nothing
 * more is predicted), then how the stream ends.
 */
export function planStream(bytes: Buffer, world: World): StreamPlan {
  const { frames, end } = splitFrames(bytes);
  const expectations: Expectation[] = [];
  for (const frame of frames) {
    const e = expectFrame(frame, world);
    expectations.push(e);
    if (e.kind === 'close' || e.kind === 'unsure') return { expectations, end: { kind: 'complete' } };
  }
  return { expectations, end };
}
