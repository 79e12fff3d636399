// Groups of any Kafka cluster, read through the Kafka protocol with the connection's kafkajs admin:
// ListGroups, DescribeGroups (members and their assignments), OffsetFetch per group, and the
// topics' end offsets (ListOffsets). Lag is the high watermark minus the committed offset; time
// lag is now minus the timestamp of the first unconsumed record, looked up by
// ./record-timestamps.ts when there is one (null otherwise).
//
// NB: OffsetFetch does not tell a client when an offset was committed, so these readings carry no
// commitTimestamp: the Burrow window then counts a change of offset as a commit (see
// main/lag/burrow-window.ts), and a consumer stuck on one offset reads STOP rather than STALL.
import kafkajs, { type Admin, type GroupDescription } from 'kafkajs';
import type { GroupMember } from '../../contract/index.js';
import type { AdminSession } from '../admin-session.js';
import { type GroupReading, type GroupSource, type PartitionReading, byTopicPartition } from './group-model.js';

// kafkajs is CommonJS: its named values are reached through the default export (see api-error.ts).
const { AssignerProtocol } = kafkajs;

/** Committed offsets as kafkajs's fetchOffsets answers them (strings, "-1" without a commit). */
export type CommittedOffsets = Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
/** topic -> partition -> the log's earliest offset and high watermark. */
export type EndOffsets = Map<string, Map<number, { low: number; high: number }>>;

/** Looks up the timestamp (ms) of the first record at or after an offset; null when unknown. */
export type FirstTimestamps = (wanted: Array<{ topic: string; partition: number; offset: number }>) => Promise<Array<number | null>>;

/** The member's partitions from its assignment bytes (the "consumer" protocol); none when they do not parse. */
export function decodeAssignment(bytes: Buffer | null | undefined): GroupMember['assignments'] {
  if (!bytes || bytes.length === 0) return [];
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(bytes);
    if (!decoded) return [];
    return Object.entries(decoded.assignment)
      .map(([topic, partitions]) => ({ topic, partitions: [...partitions].sort((a, b) => a - b) }))
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  } catch {
    // Another protocol's bytes (Connect, a stream processor's own assignor): nothing to show.
    return [];
  }
}

/** A group from the protocol's answers; time lag is 0 when caught up and null until looked up. */
export function groupFromKafka(description: GroupDescription, committed: CommittedOffsets, ends: EndOffsets): GroupReading {
  const consumer = description.protocolType === 'consumer' || description.protocolType === '';
  const members = description.members.map((m): GroupMember => ({
    memberId: m.memberId,
    groupInstanceId: null,
    clientId: m.clientId,
    clientHost: m.clientHost,
    assignments: consumer ? decodeAssignment(m.memberAssignment) : [],
  }));
  const owners = new Map<string, string>();
  for (const m of members) for (const a of m.assignments) for (const p of a.partitions) owners.set(`${a.topic}\u0000${p}`, m.memberId);
  const offsets = new Map<string, number>();
  for (const t of committed) for (const p of t.partitions) offsets.set(`${t.topic}\u0000${p.partition}`, Number(p.offset));
  const keys = new Set([...offsets.keys(), ...owners.keys()]);
  const partitions = [...keys].map((key): PartitionReading => {
    const [topic, p] = key.split('\u0000');
    const partition = Number(p);
    const committedOffset = offsets.get(key) ?? -1;
    const end = ends.get(topic)?.get(partition);
    const base = { topic, partition, committedOffset: committedOffset < 0 ? -1 : committedOffset, memberId: owners.get(key) ?? null };
    if (!end) return { ...base, logEndOffset: -1, lag: null, timeLagMs: null };
    if (committedOffset < 0) return { ...base, logEndOffset: end.high, lag: null, timeLagMs: null };
    // As the engine counts it: records below the log start are gone and cannot be consumed.
    const lag = Math.max(0, end.high - Math.max(committedOffset, end.low));
    return { ...base, logEndOffset: end.high, lag, timeLagMs: lag === 0 ? 0 : null };
  }).sort(byTopicPartition);
  return {
    groupId: description.groupId,
    state: description.state,
    protocolType: description.protocolType || null,
    protocol: description.protocol || null,
    members,
    partitions,
  };
}

/** Runs `work` over `items` with at most `limit` at a time, answers in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runner = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
  return results;
}

const CONCURRENCY = 8;
/** Lookups of first-record timestamps per reading; the most lagging partitions go first. */
const TIME_LAG_LOOKUPS = 64;

export class KafkaGroupSource implements GroupSource {
  constructor(
    private readonly session: AdminSession,
    private readonly firstTimestamps: FirstTimestamps | null,
    private readonly clock: () => number,
  ) {}

  async readAll(): Promise<GroupReading[]> {
    const groups = await this.session.use(async (admin) => {
      const { groups: listed } = await admin.listGroups();
      if (listed.length === 0) return [];
      return this.read(admin, listed.map((g) => g.groupId).sort());
    });
    return this.withTimeLag(groups);
  }

  async readOne(groupId: string): Promise<GroupReading | null> {
    const [group] = await this.session.use((admin) => this.read(admin, [groupId]));
    // DescribeGroups answers an unknown group as Dead; one with offsets only is still a group.
    if (!group || (group.state === 'Dead' && group.partitions.length === 0)) return null;
    return (await this.withTimeLag([group]))[0];
  }

  private async read(admin: Admin, groupIds: string[]): Promise<GroupReading[]> {
    const { groups: described } = await admin.describeGroups(groupIds);
    const committed = await mapLimit(described, CONCURRENCY, (g) => admin.fetchOffsets({ groupId: g.groupId }));
    const wanted = new Set<string>();
    for (const list of committed) for (const t of list) wanted.add(t.topic);
    for (const g of described) for (const m of g.members) for (const a of decodeAssignment(m.memberAssignment)) wanted.add(a.topic);
    // Only topics that exist: kafkajs keeps asking for any topic it was once asked about, and a
    // deleted one (still in an old group's offsets) would fail every later call (admin-session.ts).
    const existing = wanted.size === 0 ? new Set<string>() : new Set(await admin.listTopics());
    const topics = [...wanted].filter((t) => existing.has(t));
    const ends: EndOffsets = new Map();
    await mapLimit(topics, CONCURRENCY, async (topic) => {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends.set(topic, new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
    });
    return described.map((g, i) => groupFromKafka(g, committed[i], ends));
  }

  private async withTimeLag(groups: GroupReading[]): Promise<GroupReading[]> {
    if (!this.firstTimestamps) return groups;
    const lagging = groups.flatMap((g) => g.partitions.filter((p) => p.lag !== null && p.lag > 0))
      .sort((a, b) => (b.lag ?? 0) - (a.lag ?? 0))
      .slice(0, TIME_LAG_LOOKUPS);
    if (lagging.length === 0) return groups;
    const now = this.clock();
    // The first unconsumed record: end - lag, which is the log start when the commit fell below it.
    const timestamps = await this.firstTimestamps(lagging.map((p) => ({ topic: p.topic, partition: p.partition, offset: p.logEndOffset - (p.lag ?? 0) })));
    lagging.forEach((p, i) => {
      const at = timestamps[i];
      if (at !== null) p.timeLagMs = Math.max(0, now - at);
    });
    return groups;
  }
}
