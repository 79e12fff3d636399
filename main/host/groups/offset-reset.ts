// Resetting a group's committed offsets, as Kafka's kafka-consumer-groups.sh --reset-offsets does:
// to the earliest or latest offset, to the first offset at or after a timestamp, to a given
// offset, or shifted by N; every target clamped to what the log holds ([earliest, latest]).
//
// Only for a group with no active members: a running consumer would commit over the reset (and
// Kafka refuses a commit without a member while the group has members: UNKNOWN_MEMBER_ID).
// The commit is an admin commit (no member, generation -1) through @platformatic/kafka, one
// request for all partitions (./kafka-clients.ts says why not kafkajs's setOffsets).
import type { Admin as PlatformaticAdmin } from '@platformatic/kafka';
import type { Admin } from 'kafkajs';
import type { OffsetResetPreview, OffsetResetSpec } from '../../contract/index.js';
import { apiError } from '../api-error.js';
import { byTopicPartition } from './group-model.js';

export interface ResetInput {
  topic: string;
  partition: number;
  /** -1 without a commit. */
  current: number;
  earliest: number;
  latest: number;
  /** For a timestamp spec: the first offset at or after it (the latest offset when none is). */
  atTimestamp?: number;
}

const clamp = (offset: number, p: ResetInput) => Math.min(p.latest, Math.max(p.earliest, offset));

/**
 * The offsets a reset would commit. A shift moves only partitions with a commit (there is nothing
 * to shift from otherwise, as Kafka's tool says); every other spec covers every partition given.
 */
export function resetTargets(spec: OffsetResetSpec, partitions: readonly ResetInput[]): OffsetResetPreview[] {
  const targets: OffsetResetPreview[] = [];
  for (const p of partitions) {
    let target: number;
    switch (spec.kind) {
      case 'earliest': target = p.earliest; break;
      case 'latest': target = p.latest; break;
      case 'timestamp': target = clamp(p.atTimestamp ?? p.latest, p); break;
      case 'offset': target = clamp(spec.offset, p); break;
      case 'shift':
        if (p.current < 0) continue;
        target = clamp(p.current + spec.by, p);
        break;
    }
    targets.push({ topic: p.topic, partition: p.partition, currentOffset: p.current, targetOffset: target });
  }
  return targets.sort(byTopicPartition);
}

/**
 * What the reset starts from: the group's commits, and each partition's earliest and latest
 * offsets. Topics default to the ones the group has committed for (then only those partitions);
 * named topics are reset on every partition.
 */
export async function resetInputs(admin: Admin, groupId: string, topics: string[] | undefined, spec: OffsetResetSpec): Promise<ResetInput[]> {
  const committed = await admin.fetchOffsets({ groupId });
  const current = new Map<string, number>();
  for (const t of committed) for (const p of t.partitions) current.set(`${t.topic}\u0000${p.partition}`, Number(p.offset));
  const named = topics !== undefined && topics.length > 0;
  const chosen = named ? [...new Set(topics)].sort() : [...new Set(committed.map((t) => t.topic))].sort();
  if (chosen.length === 0) {
    throw apiError('INVALID_ARGUMENT', `Group ${groupId} has no committed offsets: name the topics to reset.`);
  }
  const existing = new Set(await admin.listTopics());
  const missing = chosen.filter((t) => !existing.has(t));
  if (missing.length > 0) throw apiError('NOT_FOUND', `No topic named ${missing.join(', ')}.`);

  const inputs: ResetInput[] = [];
  for (const topic of chosen) {
    const ends = await admin.fetchTopicOffsets(topic);
    const byTime = spec.kind === 'timestamp'
      ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, spec.timestamp)).map((o) => [o.partition, Number(o.offset)]))
      : null;
    for (const end of ends) {
      const key = `${topic}\u0000${end.partition}`;
      if (!named && !current.has(key)) continue;
      const c = current.get(key) ?? -1;
      const input: ResetInput = { topic, partition: end.partition, current: c < 0 ? -1 : c, earliest: Number(end.low), latest: Number(end.high) };
      const at = byTime?.get(end.partition);
      if (at !== undefined && at >= 0) input.atTimestamp = at;
      inputs.push(input);
    }
  }
  return inputs;
}

/** Commits the targets as an admin commit (no member, generation -1). */
export async function commitTargets(admin: PlatformaticAdmin, groupId: string, targets: readonly OffsetResetPreview[]): Promise<void> {
  const byTopic = new Map<string, { partition: number; offset: bigint }[]>();
  for (const t of targets) {
    const list = byTopic.get(t.topic) ?? [];
    list.push({ partition: t.partition, offset: BigInt(t.targetOffset) });
    byTopic.set(t.topic, list);
  }
  if (byTopic.size === 0) return;
  await admin.alterConsumerGroupOffsets({ groupId, topics: [...byTopic].map(([name, partitionOffsets]) => ({ name, partitionOffsets })) });
}
