// The records of __consumer_offsets, as the coordinator emits them and as replay() reads them back:
// OffsetCommitKey/Value (key versions 0-1) and GroupMetadataKey/Value (key version 2), each key and
// value an int16 version followed by the struct. A null value is a tombstone.
// Versions written are Kafka 3.9's: OffsetCommitKey 1, OffsetCommitValue 3 (with leader epoch),
// GroupMetadataKey 2, GroupMetadataValue 3 (with group instance ids).
// applyRecord is the whole of loading, and the only way offsets and group deletions happen in live
// operation too.
// Invariant: a GroupMetadata record with a value is applied only while loading. In live operation
// the group's in-memory state (parked requests, deadlines) is ahead of its last snapshot, so the
// coordinator emits those records without applying them; see GroupCoordinator.replay.
import {
  decodeGroupMetadataKey,
  decodeOffsetCommitKey,
  decodeVersionedGroupMetadataValue,
  decodeVersionedOffsetCommitValue,
  encodeVersionedGroupMetadataKey,
  encodeVersionedGroupMetadataValue,
  encodeVersionedOffsetCommitKey,
  encodeVersionedOffsetCommitValue,
} from '../../protocol/generated/group-coordinator-records.js';
import type {
  GroupMetadataKey,
  GroupMetadataValue,
  OffsetCommitKey,
  OffsetCommitValue,
} from '../../protocol/generated/group-coordinator-records.js';
import { Reader } from '../../protocol/primitives/reader.js';
import { Writer } from '../../protocol/primitives/writer.js';
import type { CoordinatorContext } from './context.js';
import { ClassicGroup } from './group.js';
import { ClassicGroupMember } from './member.js';
import { groupTimerPrefix } from './timers.js';

export type GroupCoordinatorRecord =
  | { type: 'OffsetCommit'; key: OffsetCommitKey; value: OffsetCommitValue | null }
  | { type: 'GroupMetadata'; key: GroupMetadataKey; value: GroupMetadataValue | null };

export const OFFSET_COMMIT_KEY_VERSION = 1;
export const OFFSET_COMMIT_VALUE_VERSION = 3;
export const GROUP_METADATA_KEY_VERSION = 2;
export const GROUP_METADATA_VALUE_VERSION = 3;

export function offsetCommitRecord(group: string, topic: string, partition: number, value: OffsetCommitValue | null): GroupCoordinatorRecord {
  return { type: 'OffsetCommit', key: { group, topic, partition }, value };
}

export function groupTombstone(group: string): GroupCoordinatorRecord {
  return { type: 'GroupMetadata', key: { group }, value: null };
}

/** The group as it stands, with `assignment` (by member id) in place of the members' current ones. */
export function groupMetadataRecord(group: ClassicGroup, assignment?: ReadonlyMap<string, Buffer>): GroupCoordinatorRecord {
  const members = [...group.members.values()].map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    clientHost: m.clientHost,
    rebalanceTimeout: m.rebalanceTimeoutMs,
    sessionTimeout: m.sessionTimeoutMs,
    subscription: m.metadata(group.protocolName),
    assignment: assignment?.get(m.memberId) ?? m.assignment,
  }));
  return {
    type: 'GroupMetadata',
    key: { group: group.groupId },
    value: {
      protocolType: group.protocolType ?? '',
      generation: group.generationId,
      protocol: group.protocolName,
      leader: group.leaderId,
      currentStateTimestamp: group.stateTimestamp,
      members,
    },
  };
}

/**
 * The group a GroupMetadataValue describes, as a freshly loaded coordinator sees it: Stable with
 * its members, or Empty. Members support only the chosen protocol, whose metadata was stored.
 */
export function groupFromRecord(groupId: string, value: GroupMetadataValue, now: number): ClassicGroup {
  const group = new ClassicGroup(groupId, now, {
    state: value.members.length > 0 ? 'Stable' : 'Empty',
    generationId: value.generation,
    protocolType: value.protocolType === '' ? null : value.protocolType,
    protocolName: value.protocol,
    leaderId: value.leader,
  });
  if (value.currentStateTimestamp !== undefined && value.currentStateTimestamp >= 0) group.stateTimestamp = value.currentStateTimestamp;
  for (const m of value.members) {
    const member = new ClassicGroupMember({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      clientId: m.clientId,
      clientHost: m.clientHost,
      rebalanceTimeoutMs: m.rebalanceTimeout === undefined || m.rebalanceTimeout < 0 ? m.sessionTimeout : m.rebalanceTimeout,
      sessionTimeoutMs: m.sessionTimeout,
      protocolType: value.protocolType,
      protocols: value.protocol === null ? [] : [{ name: value.protocol, metadata: m.subscription }],
      assignment: m.assignment,
    });
    group.add(member, null);
  }
  // add() takes the type and leader from the first member; the record's own values win.
  group.protocolType = value.protocolType === '' ? null : value.protocolType;
  group.leaderId = value.leader;
  return group;
}

export function encodeGroupCoordinatorRecord(record: GroupCoordinatorRecord): { key: Buffer; value: Buffer | null } {
  const key = new Writer();
  let value: Writer | null = null;
  if (record.type === 'OffsetCommit') {
    encodeVersionedOffsetCommitKey(key, record.key, OFFSET_COMMIT_KEY_VERSION);
    if (record.value) encodeVersionedOffsetCommitValue((value = new Writer()), record.value, OFFSET_COMMIT_VALUE_VERSION);
  } else {
    encodeVersionedGroupMetadataKey(key, record.key, GROUP_METADATA_KEY_VERSION);
    if (record.value) encodeVersionedGroupMetadataValue((value = new Writer()), record.value, GROUP_METADATA_VALUE_VERSION);
  }
  return { key: key.toBuffer(), value: value?.toBuffer() ?? null };
}

/**
 * The record a __consumer_offsets key/value holds, or null for key versions this coordinator does
 * not own (KIP-848 and share-group records), which a loader skips. Throws MalformedMessageError.
 */
export function decodeGroupCoordinatorRecord(key: Buffer, value: Buffer | null): GroupCoordinatorRecord | null {
  const r = new Reader(key);
  const keyVersion = r.int16();
  if (keyVersion === 0 || keyVersion === 1) {
    const k = decodeOffsetCommitKey(r, keyVersion);
    return { type: 'OffsetCommit', key: k, value: value ? decodeVersionedOffsetCommitValue(new Reader(value)).message : null };
  }
  if (keyVersion === 2) {
    const k = decodeGroupMetadataKey(r, keyVersion);
    return { type: 'GroupMetadata', key: k, value: value ? decodeVersionedGroupMetadataValue(new Reader(value)).message : null };
  }
  return null;
}

/** Applies one record: an offset or its tombstone, a group snapshot (loading only) or a group's tombstone. */
export function applyRecord(ctx: CoordinatorContext, record: GroupCoordinatorRecord): void {
  if (record.type === 'OffsetCommit') {
    const { group, topic, partition } = record.key;
    if (record.value === null) {
      ctx.offsets.delete(group, topic, partition);
      return;
    }
    // Offsets committed by a "simple consumer" imply an Empty group, which has no record of its own.
    if (!ctx.groups.has(group)) ctx.groups.set(group, new ClassicGroup(group, ctx.now));
    const { offset, leaderEpoch, metadata, commitTimestamp } = record.value;
    ctx.offsets.put(group, topic, partition, { offset, leaderEpoch: leaderEpoch ?? -1, metadata, commitTimestamp });
    return;
  }
  const groupId = record.key.group;
  removeGroup(ctx, groupId);
  if (record.value !== null) ctx.groups.set(groupId, groupFromRecord(groupId, record.value, ctx.now));
}

function removeGroup(ctx: CoordinatorContext, groupId: string): void {
  const group = ctx.groups.get(groupId);
  if (!group) return;
  group.transitionTo('Dead', ctx.now);
  ctx.groups.delete(groupId);
  ctx.timers.cancelPrefix(groupTimerPrefix(groupId));
}
