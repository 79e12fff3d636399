// A well-behaved client on one long-lived connection, run between and alongside fuzz cases: it
// must keep getting correct ApiVersions, Metadata, Produce and Fetch answers, and every record it
// produced must be in its topic at contiguous offsets, whatever other connections send.
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { ApiVersions, type ApiVersionsResponseApiVersion, Fetch, Metadata, Produce } from '../../../broker-runtime/protocol/generated/index.js';
import { recordSetToBuffer } from '../../../broker-runtime/protocol/primitives/writer.js';
import { buildRecordBatch, readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import { RawClient } from '../../helpers/raw-client.js';

const DEADLINE_MS = 5_000;

const SOFTWARE = { clientSoftwareName: 'steady', clientSoftwareVersion: '1' };

function apiKeysText(keys: ApiVersionsResponseApiVersion[]): string {
  return keys.map((k) => `${k.apiKey}:${k.minVersion}-${k.maxVersion}`).join(',');
}

function fail(message: string): never {
  throw new Error(`steady client: ${message}`);
}

/** Records of the whole batches in a fetch response's records field (a cut-off last batch is skipped). */
export function fetchedRecords(records: Buffer): { offset: number; value: string }[] {
  const out: { offset: number; value: string }[] = [];
  for (let pos = 0; records.length - pos >= 12;) {
    const size = records.readInt32BE(pos + 8) + 12;
    if (pos + size > records.length) break;
    for (const r of readRecords(records.subarray(pos, pos + size))) out.push({ offset: r.offset, value: r.value?.toString() ?? '' });
    pos += size;
  }
  return out;
}

/** Rejects when `promise` has not settled within `ms`: a broker that stops answering fails, not hangs. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to ${what} within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export class SteadyClient {
  /** Values produced so far, in order: value i lives at offset i. */
  private readonly produced: string[] = [];
  private roundTrips = 0;

  private constructor(
    private readonly client: RawClient,
    readonly topic: string,
    private readonly expectedApiKeys: string,
  ) {}

  /** Connects, reads the advertised versions, and creates its topic through Metadata auto-creation. */
  static async open(address: string, topic: string): Promise<SteadyClient> {
    const client = await RawClient.connect(address, 'steady');
    const versions = await withDeadline(client.send(ApiVersions, 3, SOFTWARE), DEADLINE_MS, 'ApiVersions');
    const metadata = await withDeadline(client.send(Metadata, 9, { topics: [{ name: topic }], allowAutoTopicCreation: true }), DEADLINE_MS, 'Metadata');
    if (metadata.topics[0]?.errorCode !== ErrorCode.NONE) fail(`could not create ${topic}: ${metadata.topics[0]?.errorCode}`);
    return new SteadyClient(client, topic, apiKeysText(versions.apiKeys));
  }

  /**
   * ApiVersions, Metadata and a Produce pipelined (sent before any answer), then a Fetch of what
   * was produced. Checks every answer, including that the produce landed right after the last one.
   */
  async roundTrip(): Promise<void> {
    const values = Array.from({ length: 1 + (this.roundTrips % 3) }, (_, i) => `steady-${this.produced.length + i}`);
    const batch = buildRecordBatch({ records: values.map((value) => ({ value })), baseTimestamp: 1_700_000_000_000 });
    const [versions, metadata, produce] = await withDeadline(
      Promise.all([
        this.client.send(ApiVersions, 3, SOFTWARE),
        this.client.send(Metadata, 9, { topics: [{ name: this.topic }], allowAutoTopicCreation: false }),
        this.client.send(Produce, 9, { acks: -1, timeoutMs: 5_000, topicData: [{ name: this.topic, partitionData: [{ index: 0, records: batch }] }] }),
      ]),
      DEADLINE_MS,
      'pipelined ApiVersions, Metadata and Produce',
    );
    if (versions.errorCode !== ErrorCode.NONE) fail(`ApiVersions error ${versions.errorCode}`);
    if (apiKeysText(versions.apiKeys) !== this.expectedApiKeys) fail(`ApiVersions changed: ${apiKeysText(versions.apiKeys)}`);
    const topic = metadata.topics[0];
    if (metadata.topics.length !== 1 || topic.name !== this.topic || topic.errorCode !== ErrorCode.NONE || topic.partitions[0]?.leaderId !== metadata.brokers[0]?.nodeId) {
      fail(`Metadata answer ${JSON.stringify(metadata.topics)}`);
    }
    const part = produce.responses[0]?.partitionResponses[0];
    if (part?.errorCode !== ErrorCode.NONE) fail(`Produce error ${part?.errorCode}`);
    if (part.baseOffset !== this.produced.length) fail(`Produce landed at ${part.baseOffset}, expected ${this.produced.length} (offsets not contiguous)`);
    this.produced.push(...values);
    const fetched = await this.fetchFrom(part.baseOffset);
    const got = fetched.filter((r) => r.offset >= part.baseOffset).slice(0, values.length);
    if (got.map((r) => `${r.offset}=${r.value}`).join() !== values.map((v, i) => `${part.baseOffset + i}=${v}`).join()) {
      fail(`Fetch at ${part.baseOffset} returned ${JSON.stringify(got)}`);
    }
    this.roundTrips++;
  }

  /** Reads the whole topic back: offsets 0..n-1, each holding what was produced there. */
  async verifyLog(): Promise<void> {
    let offset = 0;
    while (offset < this.produced.length) {
      const records = await this.fetchFrom(offset);
      if (records.length === 0) fail(`nothing at offset ${offset} of ${this.produced.length}`);
      for (const r of records) {
        if (r.offset !== offset) fail(`offset ${r.offset} where ${offset} was expected (gap or duplicate)`);
        if (r.value !== this.produced[offset]) fail(`offset ${offset} holds ${r.value}, produced ${this.produced[offset]}`);
        offset++;
      }
    }
  }

  close(): void {
    this.client.close();
  }

  private async fetchFrom(offset: number): Promise<{ offset: number; value: string }[]> {
    const response = await withDeadline(
      this.client.send(Fetch, 12, {
        maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, rackId: '',
        topics: [{ topic: this.topic, partitions: [{ partition: 0, fetchOffset: offset, partitionMaxBytes: 1 << 20, currentLeaderEpoch: -1 }] }],
        forgottenTopicsData: [],
      }),
      DEADLINE_MS,
      'Fetch',
    );
    const part = response.responses[0]?.partitions[0];
    if (part?.errorCode !== ErrorCode.NONE) fail(`Fetch error ${part?.errorCode}`);
    if (part.highWatermark !== this.produced.length) fail(`high watermark ${part.highWatermark}, produced ${this.produced.length}`);
    return fetchedRecords(part.records === null ? Buffer.alloc(0) : recordSetToBuffer(part.records));
  }
}
