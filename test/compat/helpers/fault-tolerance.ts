// Check 1 of the cluster issue, shared by its kafkajs and librdkafka tests: a topic replicated on
// three brokers, the leader of a partition being written killed and restarted round after round,
// and the judgement of what a consumer reads afterwards against what the producer was told.
//
// Numbering: record n goes to partition n % PARTITIONS with value String(n), so each partition
// receives an increasing sequence and "in order" means strictly increasing.
import { readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import type { ClusterHandle, ClusterOptions, PartitionPlacement } from '../../../broker-runtime/index.js';
import { kafkajsClient } from './kafkajs.js';
import { kcatConsume } from './kcat.js';
import type { ConsumedRecord } from './records.js';
import { readStoredBatches } from './segments.js';
import { waitFor } from './wait.js';

export const PARTITIONS = 3;
export const ROUNDS = 10;
/** Kills are noticed by missed heartbeats only, so this bounds each round's outage. */
const SESSION_MS = 1000;

export const FAULT_CLUSTER: ClusterOptions = {
  brokers: 3,
  sessionTimeoutMs: SESSION_MS,
  brokerConfig: {
    'replica.fetch.wait.max.ms': '50',
    'replica.fetch.backoff.ms': '50',
    // Generous on purpose: a live follower dropped from the ISR by a slow moment of this 2-core
    // machine would leave a partition with only its leader, and killing that leader then stalls
    // the partition until the restart (no unclean election). Dead brokers leave the ISR by fencing.
    'replica.lag.time.max.ms': '10000',
  },
};

const ELECTION_TIMEOUT_MS = SESSION_MS * 10;
const PROGRESS_TIMEOUT_MS = 20_000;
const REJOIN_TIMEOUT_MS = 30_000;
/** Acknowledged records per partition that count as "the producer goes on" after an election. */
const PROGRESS_RECORDS = 20;

export const partitionOf = (n: number): number => n % PARTITIONS;

/** What the producer was told: each number handed to it, acknowledged, or reported failed. */
export class AckLedger {
  readonly sent = new Set<number>();
  readonly acked = new Set<number>();
  readonly failed = new Set<number>();
  private readonly ackedPerPartition = new Array<number>(PARTITIONS).fill(0);
  /** Set when the producer cannot go on (a fatal client error, its process gone). */
  fatal: string | null = null;
  readonly errors: string[] = [];

  send(n: number): void {
    this.sent.add(n);
  }

  ack(n: number): void {
    if (!this.sent.has(n)) throw new Error(`acknowledgement of ${n}, which was never sent`);
    if (this.acked.has(n) || this.failed.has(n)) throw new Error(`second report for ${n}`);
    this.acked.add(n);
    this.ackedPerPartition[partitionOf(n)] += 1;
  }

  fail(n: number): void {
    if (!this.sent.has(n)) throw new Error(`failure of ${n}, which was never sent`);
    if (this.acked.has(n) || this.failed.has(n)) throw new Error(`second report for ${n}`);
    this.failed.add(n);
  }

  ackedIn(partition: number): number {
    return this.ackedPerPartition[partition];
  }

  /** Throws the producer's fatal error, if any: waiting on its progress would only time out. */
  check(): void {
    if (this.fatal !== null) throw new Error(`the producer gave up: ${this.fatal}`);
  }
}

/** Creates the topic: PARTITIONS partitions, RF 3, min.insync.replicas=2; waits for a full ISR. */
export async function createReplicatedTopic(cluster: ClusterHandle, topic: string): Promise<void> {
  const admin = kafkajsClient(cluster.bootstrap).admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`${topic} already exists`);
  } finally {
    await admin.disconnect();
  }
  await waitFor(() => fullIsr(cluster, topic), REJOIN_TIMEOUT_MS, `every partition of ${topic} led, with 3 replicas in sync`);
}

function placements(cluster: ClusterHandle, topic: string): PartitionPlacement[] {
  return cluster.partitions().filter((p) => p.topic === topic);
}

function fullIsr(cluster: ClusterHandle, topic: string): boolean {
  const found = placements(cluster, topic);
  return found.length === PARTITIONS && found.every((p) => p.leader >= 0 && p.isr.length === 3);
}

/** Polls `condition`, failing at once if the producer gave up. */
function waitWithProducer(ledger: AckLedger, condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return waitFor(() => {
    ledger.check();
    return condition();
  }, timeoutMs, what);
}

/** Waits until every partition has `count` more acknowledged records than now. */
export async function awaitProgress(ledger: AckLedger, count: number, what: string): Promise<void> {
  const from = Array.from({ length: PARTITIONS }, (_, p) => ledger.ackedIn(p));
  await waitWithProducer(ledger, () => from.every((n, p) => ledger.ackedIn(p) >= n + count), PROGRESS_TIMEOUT_MS, what);
}

export interface Round {
  partition: number;
  victim: number;
  /** Kill to every partition the victim led having another leader. */
  electedMs: number;
  /** Election to PROGRESS_RECORDS more acknowledgements on every partition. */
  progressedMs: number;
  /** Restart to the victim back in the ISR of every partition. */
  rejoinedMs: number;
}

/**
 * ROUNDS times: kills the leader of partition round % PARTITIONS (a broker worker terminated with
 * no flush), waits until every partition it led has a new leader and the producer acknowledges
 * records on every partition again, restarts it, and waits until it is back in every ISR.
 */
export async function killLeadersInTurn(cluster: ClusterHandle, topic: string, ledger: AckLedger): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const partition = round % PARTITIONS;
    const victim = placements(cluster, topic).find((p) => p.partition === partition)!.leader;
    if (victim < 0) throw new Error(`round ${round}: partition ${partition} has no leader to kill`);
    const killedAt = Date.now();
    await cluster.killBroker(victim);
    await waitWithProducer(
      ledger,
      () => placements(cluster, topic).every((p) => p.leader >= 0 && p.leader !== victim),
      ELECTION_TIMEOUT_MS,
      `round ${round}: new leaders for the partitions of killed broker ${victim}`,
    );
    const electedAt = Date.now();
    await awaitProgress(ledger, PROGRESS_RECORDS, `round ${round}: acknowledgements on every partition with broker ${victim} down`);
    const progressedAt = Date.now();
    await cluster.startBroker(victim);
    await waitWithProducer(
      ledger,
      () => placements(cluster, topic).every((p) => p.isr.includes(victim)) && fullIsr(cluster, topic),
      REJOIN_TIMEOUT_MS,
      `round ${round}: broker ${victim} back in every ISR`,
    );
    rounds.push({
      partition,
      victim,
      electedMs: electedAt - killedAt,
      progressedMs: progressedAt - electedAt,
      rejoinedMs: Date.now() - progressedAt,
    });
  }
  return rounds;
}

/** Every partition of `topic`, read from the beginning to its end by kcat (librdkafka). */
export async function readAll(bootstrap: string, topic: string): Promise<ConsumedRecord[][]> {
  return Promise.all(Array.from({ length: PARTITIONS }, (_, partition) => kcatConsume({ bootstrap, topic, partition })));
}

/**
 * What is wrong with what was read, given what the producer was told (empty: nothing). Per
 * partition: offsets run 0, 1, 2, ... with no gap; every value is a number sent to that partition;
 * values strictly increase (in order, and no number twice, acknowledged or not); and every
 * acknowledged number is there.
 */
export function violations(read: readonly ConsumedRecord[][], ledger: AckLedger): string[] {
  const found: string[] = [];
  const note = (what: string): void => void (found.length < 50 && found.push(what));
  const seen = new Set<number>();
  read.forEach((records, partition) => {
    let previous = -1;
    records.forEach((record, i) => {
      const where = `partition ${partition} offset ${record.offset}`;
      if (record.offset !== i) note(`${where}: expected offset ${i}`);
      const text = record.value?.toString('utf8') ?? '';
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!ledger.sent.has(n)) return note(`${where}: value ${JSON.stringify(text)} was never sent`);
      if (partitionOf(n) !== partition) note(`${where}: ${n} belongs to partition ${partitionOf(n)}`);
      if (seen.has(n)) note(`${where}: ${n} is a duplicate`);
      else if (n <= previous) note(`${where}: ${n} comes after ${previous}`);
      seen.add(n);
      previous = Math.max(previous, n);
    });
  });
  const missing = missingAcknowledged(read, ledger);
  if (missing.length > 0) note(`${missing.length} acknowledged numbers missing, first ${missing.slice(0, 20).join(', ')}`);
  return found;
}

/** Acknowledged numbers that no partition holds, in increasing order. */
export function missingAcknowledged(read: readonly ConsumedRecord[][], ledger: AckLedger): number[] {
  const present = new Set(read.flat().map((r) => Number(r.value?.toString('utf8'))));
  return [...ledger.acked].filter((n) => !present.has(n)).sort((a, b) => a - b);
}

/** Numbers that were never acknowledged yet are stored (allowed: at most once, in order). */
export function unacknowledgedPresent(read: readonly ConsumedRecord[][], ledger: AckLedger): number {
  return read.flat().filter((r) => !ledger.acked.has(Number(r.value?.toString('utf8')))).length;
}

/** Offset and value of each record in one broker's copy of a partition, or null while unreadable. */
function replicaContent(cluster: ClusterHandle, brokerId: number, topic: string, partition: number): string[] | null {
  try {
    return readStoredBatches(cluster.dataDir, brokerId, topic, partition)
      .flatMap((b) => readRecords(b.bytes))
      .map((r) => `${r.offset}:${r.value?.toString('utf8')}`);
  } catch {
    // A batch being written right now (a torn tail): look again.
    return null;
  }
}

/**
 * Waits until the three replicas of every partition hold the same records, and returns the
 * partitions where they still differ at the deadline (empty: they converged).
 */
export async function replicasConverge(cluster: ClusterHandle, topic: string, timeoutMs: number): Promise<string[]> {
  const differing = (): string[] => Array.from({ length: PARTITIONS }, (_, p) => p).flatMap((p) => {
    const copies = [0, 1, 2].map((id) => replicaContent(cluster, id, topic, p));
    const same = copies.every((c) => c !== null && c.length === copies[0]!.length && c.every((x, i) => x === copies[0]![i]));
    return same ? [] : [`partition ${p}: ${copies.map((c, id) => `broker ${id} ${c === null ? 'unreadable' : `${c.length} records`}`).join(', ')}`];
  });
  try {
    await waitFor(() => differing().length === 0, timeoutMs, 'the replicas to converge');
    return [];
  } catch {
    return differing();
  }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` passes first. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Where each of `numbers` is stored, replica by replica: for the failure message, so that a
 * missing record shows whether some broker has it (and under which leader epoch) or none does.
 */
export function locate(cluster: ClusterHandle, topic: string, numbers: readonly number[]): string[] {
  if (numbers.length === 0) return [];
  const wanted = new Set(numbers.map(String));
  const found = new Map<string, string[]>();
  for (const brokerId of [0, 1, 2]) {
    for (let partition = 0; partition < PARTITIONS; partition++) {
      let batches;
      try {
        batches = readStoredBatches(cluster.dataDir, brokerId, topic, partition);
      } catch {
        continue;
      }
      for (const b of batches) {
        for (const r of readRecords(b.bytes)) {
          const value = r.value?.toString('utf8') ?? '';
          if (!wanted.has(value)) continue;
          const h = b.header;
          const where = `broker ${brokerId} p${partition} offset ${r.offset} (batch ${h.baseOffset} epoch ${h.partitionLeaderEpoch} pid ${h.producerId} seq ${h.baseSequence})`;
          found.set(value, [...(found.get(value) ?? []), where]);
        }
      }
    }
  }
  return numbers.map((n) => `${n}: ${found.get(String(n))?.join('; ') ?? 'on no replica'}`);
}
