import { describe, expect, it } from 'vitest';
import { encodeVersionedConsumerProtocolAssignment } from '../../../../broker-runtime/protocol/generated/consumer-protocol.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { GROUP, runScenario, subscription } from './scenario.js';
import type { ScenarioRun, Step } from './scenario.js';

function assignment(partitions: Record<string, number[]>): string {
  const w = new Writer();
  encodeVersionedConsumerProtocolAssignment(w, {
    assignedPartitions: Object.entries(partitions).map(([topic, ps]) => ({ topic, partitions: ps })), userData: null,
  }, 1);
  // The scenario runner sends assignments as latin1 strings; binary-safe for these bytes.
  return w.toBuffer().toString('latin1');
}

/** a and b consume t and u; the leader a gives itself t-0,t-1 and b u-0. */
const consumers: Step[] = [
  { join: 'a', requireKnown: false, topics: ['t', 'u'], expect: { generation: 1 } },
  { sync: 'a', expect: { error: 'NONE' } },
  { join: 'b', requireKnown: false, topics: ['u'], expect: 'pending' },
  { join: 'a', topics: ['t', 'u'], expect: { generation: 2 }, completes: [{ join: 'b', generation: 2 }] },
];

const check = (fn: (r: ScenarioRun) => void): Step => ({ check: fn });

describe('group read models', () => {
  it('DescribeGroups shows metadata and assignments only while Stable, and an unknown group as Dead', () => {
    runScenario([
      ...consumers,
      check((r) => {
        const described = r.coordinator.describeGroup(GROUP);
        expect(described).toMatchObject({ errorCode: 0, groupState: 'CompletingRebalance', protocolType: 'consumer', protocolData: '' });
        expect(described.members.map((m) => [m.clientId, m.memberMetadata.length, m.memberAssignment.length])).toEqual([['a', 0, 0], ['b', 0, 0]]);
        expect(r.coordinator.describeGroup('nope')).toEqual({ errorCode: 0, groupId: 'nope', groupState: 'Dead', protocolType: '', protocolData: '', members: [] });
      }),
      { sync: 'a', assign: { a: 'A', b: 'B' }, expect: { assignment: 'A' } },
      check((r) => {
        const described = r.coordinator.describeGroup(GROUP);
        expect(described).toMatchObject({ groupState: 'Stable', protocolData: 'range' });
        expect(described.members.map((m) => [m.memberMetadata, m.memberAssignment.toString()]))
          .toEqual([[subscription(['t', 'u']), 'A'], [subscription(['u']), 'B']]);
      }),
    ]);
  });

  it('ListGroups filters by state and type, case-insensitively', () => {
    runScenario([
      { commit: null, expect: 'NONE' },
      check((r) => {
        const listed = { groupId: GROUP, protocolType: '', groupState: 'Empty', groupType: 'classic' };
        expect(r.coordinator.listGroups()).toEqual([listed]);
        expect(r.coordinator.listGroups({ statesFilter: ['empty'] })).toEqual([listed]);
        expect(r.coordinator.listGroups({ statesFilter: ['Stable'] })).toEqual([]);
        expect(r.coordinator.listGroups({ typesFilter: ['Classic'] })).toEqual([listed]);
        expect(r.coordinator.listGroups({ typesFilter: ['consumer'] })).toEqual([]);
      }),
    ]);
  });

  it('the UI view decodes the consumer protocol and lists committed offsets', () => {
    runScenario([
      ...consumers,
      { sync: 'a', assign: { a: assignment({ t: [0, 1] }), b: assignment({ u: [0] }) }, expect: { error: 'NONE' } },
      { commit: 'b', offsets: { 'u/0': 11 }, expect: 'NONE' },
      { commit: 'a', offsets: { 't/1': 4, 't/0': 3 }, expect: 'NONE' },
      check((r) => {
        const view = r.coordinator.groupView(GROUP);
        expect(view).toMatchObject({ state: 'Stable', protocolType: 'consumer', protocol: 'range', generationId: 2, leader: r.actors.get('a')?.memberId });
        expect(view?.members.map((m) => [m.clientId, m.subscribedTopics, m.assignment])).toEqual([
          ['a', ['t', 'u'], [{ topic: 't', partitions: [0, 1] }]],
          ['b', ['u'], [{ topic: 'u', partitions: [0] }]],
        ]);
        expect(view?.offsets).toEqual([
          { topic: 't', partition: 0, offset: 3, leaderEpoch: -1, metadata: '', commitTimestamp: r.now },
          { topic: 't', partition: 1, offset: 4, leaderEpoch: -1, metadata: '', commitTimestamp: r.now },
          { topic: 'u', partition: 0, offset: 11, leaderEpoch: -1, metadata: '', commitTimestamp: r.now },
        ]);
        expect(JSON.parse(JSON.stringify(r.coordinator.groupViews()))).toEqual([view]);
      }),
    ]);
  });

  it('leaves other protocols undecoded', () => {
    runScenario([
      { join: 'a', requireKnown: false, protocolType: 'connect', expect: { generation: 1 } },
      check((r) => expect(r.coordinator.groupView(GROUP)?.members.map((m) => [m.subscribedTopics, m.assignment])).toEqual([[null, null]])),
    ]);
  });
});
