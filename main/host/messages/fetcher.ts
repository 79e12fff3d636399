// Fetches for the message browser, from each partition's leader (no consumer group: the
// consumer's low-level fetch). Isolation is read_committed: the broker stops at the last stable
// offset and lists aborted transactions, so ./batches.ts can leave them out.
//
// Per partition: a stale leader, a leader that cannot be reached (a broker stopped from the UI) or
// a topic the cached metadata does not know yet gets one retry after a metadata refresh; an offset
// out of range (retention, DeleteRecords, a recreated topic) is moved into [earliest, latest];
// any other Kafka error fails the call with its name.
import { type Consumer, type fetchV17, protocolErrorsCodesById } from '@platformatic/kafka';
import { ApiError, apiError } from '../api-error.js';
import { recordsOfBatches } from './batches.js';
import { STALE_METADATA_ERRORS, errorChain, toApiError, unknownTopic } from './errors.js';
import { offsetRanges } from './offsets.js';
import type { ChunkFetcher, ChunkRequest, PartitionChunk } from './read-page.js';
import { clampOffset } from './seek.js';
import { type TopicLayout, topicLayout } from './topic-layout.js';

const READ_COMMITTED = 1;
/** One response's cap; each partition's own cap is the request's. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** The batch header before `length` counts: baseOffset (8) and length (4). */
const BATCH_OVERHEAD = 12;

export interface FetchTarget {
  consumer: Consumer;
  topic: string;
  /** Replaced when a leader error makes the metadata be read again. */
  layout: TopicLayout;
  byTopicId: boolean;
}

type FetchResponse = fetchV17.FetchResponse;

interface Attempt {
  chunks: PartitionChunk[];
  outOfRange: ChunkRequest[];
  /** Partitions to ask again after a metadata refresh, with what failed (a Kafka error name, or the error itself). */
  stale: { request: ChunkRequest; error: string | Error }[];
}

export function clusterChunkFetcher(target: FetchTarget): ChunkFetcher {
  return async (requests) => {
    const first = await attempt(target, requests);
    let { chunks, outOfRange } = first;
    if (first.stale.length > 0) {
      target.layout = await topicLayout(target.consumer, target.topic, true);
      const second = await attempt(target, first.stale.map((s) => s.request));
      const still = second.stale[0];
      if (still) throw partitionError(target.topic, still.request.partition, still.error);
      chunks = chunks.concat(second.chunks);
      outOfRange = outOfRange.concat(second.outOfRange);
    }
    return outOfRange.length === 0 ? chunks : chunks.concat(await movedIntoRange(target, outOfRange));
  };
}

async function attempt(target: FetchTarget, requests: readonly ChunkRequest[]): Promise<Attempt> {
  const result: Attempt = { chunks: [], outOfRange: [], stale: [] };
  const byLeader = new Map<number, ChunkRequest[]>();
  for (const request of requests) {
    const leader = target.layout.leaders[request.partition] ?? -1;
    if (leader < 0) {
      result.stale.push({ request, error: 'LEADER_NOT_AVAILABLE' });
      continue;
    }
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), request]);
  }
  await Promise.all([...byLeader].map(async ([leader, leaderRequests]) => {
    const response = await fetchFrom(target, leader, leaderRequests);
    if (response instanceof Error) {
      for (const request of leaderRequests) result.stale.push({ request, error: response });
      return;
    }
    const asked = new Map(leaderRequests.map((r) => [r.partition, r]));
    for (const topic of response.responses) {
      for (const p of topic.partitions) {
        const request = asked.get(p.partitionIndex);
        if (!request) continue;
        const error = p.errorCode === 0 ? null : protocolErrorsCodesById[p.errorCode] ?? `ERROR_${p.errorCode}`;
        if (error === null) result.chunks.push(chunkOf(request, p));
        else if (error === 'OFFSET_OUT_OF_RANGE') result.outOfRange.push(request);
        else if (STALE_METADATA_ERRORS.has(error)) result.stale.push({ request, error });
        else throw partitionError(target.topic, request.partition, error);
      }
    }
  }));
  return result;
}

/**
 * The fetch response, also when some partitions answered an error (platformatic then throws it,
 * parsed); an UNAVAILABLE error when the broker cannot be reached.
 */
async function fetchFrom(target: FetchTarget, node: number, requests: readonly ChunkRequest[]): Promise<FetchResponse | ApiError> {
  try {
    return await target.consumer.fetch({
      node,
      topics: [{
        topicId: target.byTopicId ? target.layout.id : target.topic,
        partitions: requests.map((r) => ({
          partition: r.partition, fetchOffset: BigInt(r.offset), partitionMaxBytes: r.maxBytes,
          // -1: no leader-epoch fencing; a browser reads whatever the current leader has.
          currentLeaderEpoch: -1, lastFetchedEpoch: -1,
        })),
      }],
      maxWaitTime: 0,
      minBytes: 0,
      maxBytes: Math.min(requests.reduce((sum, r) => sum + r.maxBytes, 0), MAX_RESPONSE_BYTES),
      isolationLevel: READ_COMMITTED,
    });
  } catch (err) {
    let partial: FetchResponse | undefined;
    for (const e of errorChain(err)) if (isFetchResponse(e.response)) partial = e.response;
    if (partial) return partial;
    const mapped = toApiError(err, target.topic);
    if (mapped instanceof ApiError && mapped.body.code === 'UNAVAILABLE') return mapped;
    throw mapped;
  }
}

function isFetchResponse(value: unknown): value is FetchResponse {
  return typeof value === 'object' && value !== null && Array.isArray((value as { responses?: unknown }).responses);
}

function chunkOf(request: ChunkRequest, p: FetchResponse['responses'][number]['partitions'][number]): PartitionChunk {
  const batches = p.records ?? [];
  const { records, nextOffset } = recordsOfBatches(request.partition, batches, request.offset, p.abortedTransactions ?? []);
  const lastStable = Number(p.lastStableOffset);
  return {
    partition: request.partition,
    records,
    nextOffset,
    end: lastStable >= 0 ? lastStable : Number(p.highWatermark),
    bytes: batches.reduce((sum, b) => sum + b.length + BATCH_OVERHEAD, 0),
  };
}

async function movedIntoRange(target: FetchTarget, requests: readonly ChunkRequest[]): Promise<PartitionChunk[]> {
  const ranges = await offsetRanges(target.consumer, target.topic, requests.map((r) => r.partition));
  return requests.map((r) => {
    const range = ranges.get(r.partition)!;
    return { partition: r.partition, records: [], nextOffset: clampOffset(r.offset, range), end: range.latest, bytes: 0 };
  });
}

function partitionError(topic: string, partition: number, error: string | Error): Error {
  if (error instanceof Error) return error;
  if (error === 'UNKNOWN_TOPIC_OR_PARTITION' || error === 'UNKNOWN_TOPIC_ID') return unknownTopic(topic, error);
  if (error === 'LEADER_NOT_AVAILABLE' || error === 'OFFLINE_PARTITION') {
    return apiError('UNAVAILABLE', `Partition ${partition} of "${topic}" has no leader right now (its brokers are down).`);
  }
  return apiError('KAFKA_ERROR', `Reading partition ${partition} of "${topic}" failed: ${error}.`, error);
}
