// One line of a lag history file (JSON Lines): one reading of one group.
//
// Format version 1:
//   {"v":1,"at":<ms>,"group":<groupId>,"state":<group state>,"p":[<partition>, ...]}
//   partition = [topic, partition, committedOffset, logEndOffset, lag|null, timeLagMs|null(, commitTimestamp)]
// Partitions are tuples, not objects: a week of readings every few seconds is hundreds of
// thousands of lines per group, and the keys would be most of the bytes.
//
// Invariant: "v" and "at" are the first two keys, so a reader can skip lines outside a time range
// without parsing them (peekAt). A line that does not decode (torn by a crash, hand-edited, or
// written by a newer version) decodes to null and is skipped: reading never throws.
import type { GroupLagSnapshot, PartitionLagReading } from './lag-types.js';

export const FORMAT_VERSION = 1;

export interface StoredReading extends GroupLagSnapshot {
  at: number;
}

type PartitionTuple = [string, number, number, number, number | null, number | null, number?];

export function encodeReading(at: number, snapshot: GroupLagSnapshot): string {
  const p = snapshot.partitions.map((r): PartitionTuple => {
    const tuple: PartitionTuple = [r.topic, r.partition, r.committedOffset, r.logEndOffset, r.lag, r.timeLagMs];
    if (r.commitTimestamp !== undefined) tuple.push(r.commitTimestamp);
    return tuple;
  });
  return JSON.stringify({ v: FORMAT_VERSION, at, group: snapshot.groupId, state: snapshot.state, p });
}

const PREFIX = /^\{"v":(\d+),"at":(-?\d+)[,}]/;

/** The reading's time without parsing the line; null when the line does not start as ours. */
export function peekAt(line: string): number | null {
  const m = PREFIX.exec(line);
  return m && Number(m[1]) === FORMAT_VERSION ? Number(m[2]) : null;
}

export function decodeReading(line: string): StoredReading | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== FORMAT_VERSION) return null;
  const { at, group, state, p } = value;
  if (!isInt(at) || typeof group !== 'string' || typeof state !== 'string' || !Array.isArray(p)) return null;
  const partitions: PartitionLagReading[] = [];
  for (const tuple of p) {
    const reading = decodePartition(tuple);
    if (!reading) return null;
    partitions.push(reading);
  }
  return { at, groupId: group, state, partitions };
}

function decodePartition(tuple: unknown): PartitionLagReading | null {
  if (!Array.isArray(tuple) || tuple.length < 6 || tuple.length > 7) return null;
  const [topic, partition, committedOffset, logEndOffset, lag, timeLagMs, commitTimestamp] = tuple as unknown[];
  if (typeof topic !== 'string' || !isInt(partition) || !isInt(committedOffset) || !isInt(logEndOffset)) return null;
  if (!isIntOrNull(lag) || !(timeLagMs === null || (typeof timeLagMs === 'number' && Number.isFinite(timeLagMs)))) return null;
  const reading: PartitionLagReading = { topic, partition, committedOffset, logEndOffset, lag, timeLagMs };
  if (tuple.length === 7) {
    if (!isInt(commitTimestamp)) return null;
    reading.commitTimestamp = commitTimestamp;
  }
  return reading;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

function isIntOrNull(v: unknown): v is number | null {
  return v === null || isInt(v);
}
