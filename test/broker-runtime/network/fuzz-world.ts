// Shared set-up of the robustness properties: one cluster per test file, the World the oracle
// judges against, valid request templates to truncate and mutate, the steady client, and a watch
// on the broker's log for internal errors (a fuzzed request must never cause one).
import { type MockInstance, vi } from 'vitest';
import fc from 'fast-check';
import { type ClusterHandle, startCluster } from '../../../broker-runtime/index.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import {
  type ApiMessages,
  ApiVersions,
  Fetch,
  ListOffsets,
  Metadata,
  Produce,
  encodeRequestHeader,
  requestHeaderVersion,
} from '../../../broker-runtime/protocol/generated/index.js';
import { Writer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { ZERO_UUID } from '../../../broker-runtime/protocol/primitives/uuid.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { MAX_REQUEST_BYTES, encodeRequestPayload, sizePrefix, sizePrefixed } from '../../helpers/frames.js';
import { rawRequest } from '../../helpers/raw-client.js';
import type { VersionRange, World } from './request-oracle.js';
import { SteadyClient } from './steady-client.js';

export const FUZZ_TOPIC = 'fuzz-target';
export const FUZZ_PARTITIONS = 3;
export const STEADY_TOPIC = 'steady-stream-of-records';

export interface FuzzBench {
  cluster: ClusterHandle;
  port: number;
  world: World;
  steady: SteadyClient;
  /** Request payloads (header + body, no size prefix) that the broker answers correctly. */
  templates: Buffer[];
  /** ERROR lines the broker logged since the bench started. */
  loggedErrors(): string[];
  close(): Promise<void>;
}

function recordBatch(values: string[]): Buffer {
  return buildRecordBatch({ records: values.map((value, i) => ({ key: `k${i}`, value })), baseTimestamp: 1_700_000_000_000 });
}

/** Valid requests of every API the fuzz covers, across old, middle and flexible versions. */
function buildTemplates(leaderEpoch: number): Buffer[] {
  const t = FUZZ_TOPIC;
  const payload = <Req>(messages: ApiMessages<Req, unknown>, version: number, request: Req): Buffer =>
    encodeRequestPayload({ messages, version, correlationId: 0, request });
  const fetchRequest = (partition: number) => ({
    replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 8192, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '',
    topics: [{ topic: t, partitions: [{ partition, fetchOffset: 0, partitionMaxBytes: 4096, currentLeaderEpoch: leaderEpoch, logStartOffset: -1 }] }],
    forgottenTopicsData: [],
  });
  const produceRequest = (acks: number, index: number) => ({
    transactionalId: null, acks, timeoutMs: 1000, topicData: [{ name: t, partitionData: [{ index, records: recordBatch(['a', 'bb']) }] }],
  });
  const listOffsets = (timestamp: number) => ({
    replicaId: -1, isolationLevel: 0, topics: [{ name: t, partitions: [{ partitionIndex: 1, timestamp, currentLeaderEpoch: leaderEpoch, maxNumOffsets: 1 }] }],
  });
  return [
    payload(ApiVersions, 0, {}),
    payload(ApiVersions, 2, {}),
    payload(ApiVersions, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1.0' }),
    payload(Metadata, 0, { topics: [{ name: t }] }),
    payload(Metadata, 1, { topics: null }),
    payload(Metadata, 4, { topics: [{ name: t }, { name: 'no-such-topic' }], allowAutoTopicCreation: false }),
    payload(Metadata, 9, { topics: [{ name: t }], allowAutoTopicCreation: false }),
    payload(Metadata, 11, { topics: [{ topicId: ZERO_UUID, name: t }], allowAutoTopicCreation: false }),
    payload(Produce, 3, produceRequest(1, 0)),
    payload(Produce, 7, produceRequest(-1, 1)),
    payload(Produce, 9, produceRequest(1, 2)),
    payload(Produce, 9, produceRequest(0, 0)),
    payload(Fetch, 4, fetchRequest(0)),
    payload(Fetch, 11, fetchRequest(1)),
    payload(Fetch, 12, fetchRequest(2)),
    payload(ListOffsets, 1, listOffsets(-1)),
    payload(ListOffsets, 4, listOffsets(-2)),
    payload(ListOffsets, 6, listOffsets(1_700_000_000_000)),
  ];
}

export async function startFuzzBench(): Promise<FuzzBench> {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  const spy: MockInstance = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = chunk.toString();
    if (text.includes(' ERROR ')) errors.push(text);
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  });
  const cluster = await startCluster({ brokerConfig: { 'num.partitions': String(FUZZ_PARTITIONS) } });
  const port = cluster.brokers[0].port;
  const versions = await rawRequest(cluster.bootstrap, ApiVersions, 3, { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1.0' });
  const advertised = new Map<number, VersionRange>(versions.apiKeys.map((k) => [k.apiKey, { minVersion: k.minVersion, maxVersion: k.maxVersion }]));
  const metadata = await rawRequest(cluster.bootstrap, Metadata, 9, { topics: [{ name: FUZZ_TOPIC }], allowAutoTopicCreation: true });
  const fuzzTopic = metadata.topics[0];
  if (fuzzTopic.errorCode !== ErrorCode.NONE || fuzzTopic.partitions.length !== FUZZ_PARTITIONS) throw new Error(`could not create ${FUZZ_TOPIC}`);
  const leaderEpoch = fuzzTopic.partitions[0].leaderEpoch ?? 0;
  const steady = await SteadyClient.open(cluster.bootstrap, STEADY_TOPIC);
  const world: World = {
    advertised,
    topics: new Map([
      [FUZZ_TOPIC, { partitions: FUZZ_PARTITIONS, leaderEpoch }],
      // Auto-created with the same num.partitions; no fuzzed request can spell its name.
      [STEADY_TOPIC, { partitions: FUZZ_PARTITIONS, leaderEpoch: 0 }],
    ]),
    longPollLimitMs: 1_000,
  };
  return {
    cluster, port, world, steady,
    templates: buildTemplates(leaderEpoch),
    loggedErrors: () => [...errors],
    async close() {
      steady.close();
      await cluster.close();
      spy.mockRestore();
    },
  };
}

/** A template with its correlation id replaced (bytes 4-7 of every request header). */
export function withCorrelationId(payload: Buffer, correlationId: number): Buffer {
  const copy = Buffer.from(payload);
  copy.writeInt32BE(correlationId, 4);
  return copy;
}

export const arbCorrelationId = fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });

/** One of the bench's templates, as a whole frame with a random correlation id. */
export function arbTemplateFrame(bench: FuzzBench): fc.Arbitrary<Buffer> {
  return fc.tuple(fc.constantFrom(...bench.templates), arbCorrelationId).map(([t, id]) => sizePrefixed(withCorrelationId(t, id)));
}

/** A valid request header of an API and version the broker serves, followed by random bytes. */
export function arbRandomBody(bench: FuzzBench): fc.Arbitrary<Buffer> {
  const served = [...bench.world.advertised];
  return fc
    .tuple(fc.constantFrom(...served), fc.nat(), arbCorrelationId, fc.uint8Array({ maxLength: 64 }))
    .map(([[apiKey, range], v, correlationId, body]) => {
      const version = range.minVersion + (v % (range.maxVersion - range.minVersion + 1));
      const w = new Writer();
      encodeRequestHeader(w, { requestApiKey: apiKey, requestApiVersion: version, correlationId, clientId: 'fuzz' }, requestHeaderVersion(apiKey, version));
      return sizePrefixed(Buffer.concat([w.toBuffer(), body]));
    });
}

/** A size prefix Kafka refuses: negative, or above socket.request.max.bytes. */
export const arbBadSize = fc.oneof(
  fc.integer({ min: -(2 ** 31), max: -1 }),
  fc.integer({ min: MAX_REQUEST_BYTES + 1, max: 2 ** 31 - 1 }),
  fc.constantFrom(-1, -(2 ** 31), MAX_REQUEST_BYTES + 1, 2 ** 31 - 1),
).map(sizePrefix);

/** Offsets at which to split a write into several (see chunked()). */
export const arbCuts = fc.array(fc.nat(), { maxLength: 3 });
