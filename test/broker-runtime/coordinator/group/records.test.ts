import { describe, expect, it } from 'vitest';
import {
  GROUP_METADATA_KEY_VERSION, OFFSET_COMMIT_KEY_VERSION, OFFSET_COMMIT_VALUE_VERSION, decodeGroupCoordinatorRecord,
  encodeGroupCoordinatorRecord,
} from '../../../../broker-runtime/coordinator/group/records.js';
import type { GroupCoordinatorRecord } from '../../../../broker-runtime/coordinator/group/records.js';
import {
  encodeVersionedOffsetCommitKey, encodeVersionedOffsetCommitValue,
} from '../../../../broker-runtime/protocol/generated/group-coordinator-records.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { newCoordinator, subscription } from './scenario.js';

const roundTrip = (record: GroupCoordinatorRecord): GroupCoordinatorRecord | null => {
  const { key, value } = encodeGroupCoordinatorRecord(record);
  return decodeGroupCoordinatorRecord(key, value);
};

describe('__consumer_offsets records', () => {
  it('encode with Kafka 3.9 versions and decode back to the same record, tombstones included', () => {
    const records: GroupCoordinatorRecord[] = [
      { type: 'OffsetCommit', key: { group: 'g', topic: 't', partition: 3 }, value: { offset: 42, leaderEpoch: 7, metadata: 'm', commitTimestamp: 1_700_000_000_000 } },
      { type: 'OffsetCommit', key: { group: 'g', topic: 't', partition: 3 }, value: null },
      {
        type: 'GroupMetadata', key: { group: 'g' },
        value: {
          protocolType: 'consumer', generation: 5, protocol: 'range', leader: 'a-1', currentStateTimestamp: 99,
          members: [
            { memberId: 'a-1', groupInstanceId: null, clientId: 'a', clientHost: '/h', rebalanceTimeout: 30_000, sessionTimeout: 10_000, subscription: subscription(['t']), assignment: Buffer.from('A') },
            { memberId: 'i-2', groupInstanceId: 'i', clientId: 'b', clientHost: '/h', rebalanceTimeout: 30_000, sessionTimeout: 10_000, subscription: subscription(['u']), assignment: Buffer.alloc(0) },
          ],
        },
      },
      { type: 'GroupMetadata', key: { group: 'g' }, value: { protocolType: '', generation: 0, protocol: null, leader: null, currentStateTimestamp: 1, members: [] } },
      { type: 'GroupMetadata', key: { group: 'g' }, value: null },
    ];
    for (const record of records) expect(roundTrip(record)).toEqual(record);
    const offsetBytes = encodeGroupCoordinatorRecord(records[0]);
    expect([offsetBytes.key.readInt16BE(0), offsetBytes.value?.readInt16BE(0)]).toEqual([OFFSET_COMMIT_KEY_VERSION, OFFSET_COMMIT_VALUE_VERSION]);
    expect(encodeGroupCoordinatorRecord(records[2]).key.readInt16BE(0)).toBe(GROUP_METADATA_KEY_VERSION);
    expect(encodeGroupCoordinatorRecord(records[1]).value).toBeNull();
  });

  it('skips keys of record types the classic coordinator does not own', () => {
    const key = Buffer.from([0, 3, 0, 1, 0x67]);
    expect(decodeGroupCoordinatorRecord(key, Buffer.from([0, 0]))).toBeNull();
  });

  it('loads offsets written by an older broker (key v0, value v1 without leader epoch)', () => {
    const key = new Writer();
    encodeVersionedOffsetCommitKey(key, { group: 'old', topic: 't', partition: 0 }, 0);
    const value = new Writer();
    encodeVersionedOffsetCommitValue(value, { offset: 17, metadata: '', commitTimestamp: 5, expireTimestamp: 10 }, 1);
    const record = decodeGroupCoordinatorRecord(key.toBuffer(), value.toBuffer());
    const c = newCoordinator();
    c.load([record as GroupCoordinatorRecord], 0);
    expect(c.fetchOffsets('old', null).topics).toEqual([
      { name: 't', partitions: [{ partitionIndex: 0, committedOffset: 17, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
    ]);
    expect(c.listGroups()).toEqual([{ groupId: 'old', protocolType: '', groupState: 'Empty', groupType: 'classic' }]);
  });
});
