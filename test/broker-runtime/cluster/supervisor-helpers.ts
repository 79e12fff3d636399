// Waiting on a worker cluster: conditions with deadlines (never fixed sleeps), events seen on the
// handle's timeline, and Metadata as a raw client sees it (kafkajs throws on the
// LEADER_NOT_AVAILABLE that an offline partition must show).
import type { ClusterEvent } from '../../../broker-runtime/cluster/cluster-events.js';
import type { ClusterHandle } from '../../../broker-runtime/index.js';
import { Metadata, type MetadataResponse } from '../../../broker-runtime/protocol/generated/metadata.js';
import { rawRequest } from '../../helpers/raw-client.js';

/** Resolves once `condition` holds; rejects when `timeoutMs` passes first. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

type EventOf<T extends ClusterEvent['type']> = Extract<ClusterEvent, { type: T }>;

/** The first event of `type` after position `from` of the timeline that matches `match`. */
export async function eventAfter<T extends ClusterEvent['type']>(
  cluster: ClusterHandle,
  from: number,
  type: T,
  match: (event: EventOf<T>) => boolean,
  timeoutMs: number,
): Promise<EventOf<T>> {
  let found: EventOf<T> | undefined;
  await waitFor(() => {
    found = cluster.events().slice(from).find((e): e is EventOf<T> => e.type === type && match(e as EventOf<T>));
    return found !== undefined;
  }, timeoutMs, `a ${type} event`);
  return found!;
}

/** Metadata v9 for `topics` (null: all), asked of one broker. */
export function metadataFrom(address: string, topics: string[] | null): Promise<MetadataResponse> {
  return rawRequest(address, Metadata, 9, {
    topics: topics === null ? null : topics.map((name) => ({ name })),
    allowAutoTopicCreation: false,
  });
}

export function addressOf(cluster: ClusterHandle, id: number): string {
  const broker = cluster.brokers.find((b) => b.id === id)!;
  return `${broker.host}:${broker.port}`;
}

/** Partition -> leader, for one topic. */
export function leadersOf(response: MetadataResponse, topic: string): Map<number, number> {
  const t = response.topics.find((x) => x.name === topic);
  return new Map((t?.partitions ?? []).map((p) => [p.partitionIndex, p.leaderId]));
}

/**
 * Metadata from one broker once it satisfies `ready`. Invariant the tests rely on: the supervisor's
 * events come from the coordinator's commits, and each broker applies the same records a moment
 * later over its own port, so a broker's view must be awaited, never read right after an event.
 */
export async function metadataWhen(
  address: string,
  topics: string[] | null,
  ready: (response: MetadataResponse) => boolean,
  timeoutMs: number,
  what: string,
): Promise<MetadataResponse> {
  let last: MetadataResponse | undefined;
  await waitFor(async () => {
    last = await metadataFrom(address, topics);
    return ready(last);
  }, timeoutMs, what);
  return last!;
}

export function brokerIdsOf(response: MetadataResponse): number[] {
  return response.brokers.map((b) => b.nodeId).sort((a, b) => a - b);
}
