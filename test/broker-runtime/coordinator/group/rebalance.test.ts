import { describe, it } from 'vitest';
import { runScenario } from './scenario.js';
import type { Step } from './scenario.js';

// Defaults in every scenario: session 10 s, rebalance timeout 30 s, initial delay 0, JoinGroup v4+
// (MEMBER_ID_REQUIRED), member ids `<clientId>-u<n>` from a counting uuid.

/** a joins an empty group and syncs: Stable, generation 1, a leads. */
const aAlone: Step[] = [
  { join: 'a', expect: { error: 'MEMBER_ID_REQUIRED', memberId: 'a', generation: -1 }, records: ['GroupMetadata'] },
  { state: 'Empty', generation: 0 },
  { join: 'a', expect: { error: 'NONE', generation: 1, leader: 'a', memberId: 'a', members: ['a'], protocol: 'range' }, records: [] },
  { state: 'CompletingRebalance', generation: 1 },
  { sync: 'a', assign: { a: 'A1' }, expect: { error: 'NONE', assignment: 'A1', protocol: 'range' }, records: ['GroupMetadata'] },
  { state: 'Stable', generation: 1, members: ['a'], leader: 'a' },
];

/** b joins, a rejoins: generation 2 with a leading; both synced. */
const aAndB: Step[] = [
  ...aAlone,
  { join: 'b', topics: ['t', 'u'], expect: { error: 'MEMBER_ID_REQUIRED' }, records: [] },
  { state: 'Stable', generation: 1, members: ['a'] },
  { heartbeat: 'a', expect: 'NONE' },
  { join: 'b', topics: ['t', 'u'], expect: 'pending' },
  { state: 'PreparingRebalance', generation: 1, members: ['a', 'b'] },
  { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
  {
    join: 'a', expect: { error: 'NONE', generation: 2, leader: 'a', members: ['a', 'b'], memberTopics: [['t'], ['t', 'u']] },
    completes: [{ join: 'b', error: 'NONE', generation: 2, leader: 'a', members: [] }],
  },
  { sync: 'b', expect: 'pending' },
  { heartbeat: 'b', expect: 'NONE' },
  {
    sync: 'a', assign: { a: 'A2', b: 'B2' }, expect: { error: 'NONE', assignment: 'A2' },
    completes: [{ sync: 'b', error: 'NONE', assignment: 'B2', protocol: 'range' }], records: ['GroupMetadata'],
  },
  { state: 'Stable', generation: 2, members: ['a', 'b'], leader: 'a' },
];

/** c joins a Stable a+b group: a rebalance starts at the current time, with a 30 s deadline. */
const cJoins: Step[] = [
  ...aAndB,
  { join: 'c', expect: { error: 'MEMBER_ID_REQUIRED' } },
  { join: 'c', expect: 'pending' },
];

describe('classic group rebalances', () => {
  it('a first member gets MEMBER_ID_REQUIRED, then leads generation 1, and is Stable after its sync', () => {
    runScenario([...aAlone, { heartbeat: 'a', expect: 'NONE' }, { sync: 'a', expect: { error: 'NONE', assignment: 'A1' } }]);
  });

  it('a second member starts a rebalance; the leader gets the metadata, the follower its assignment after the leader syncs', () => {
    runScenario(aAndB);
  });

  it('each member votes for its first protocol that all support', () => {
    runScenario([
      { join: 'a', protocols: ['range', 'roundrobin'], requireKnown: false, expect: { generation: 1, protocol: 'range' } },
      { sync: 'a', expect: { error: 'NONE' }, records: ['GroupMetadata'] },
      { join: 'b', protocols: ['roundrobin', 'range', 'sticky'], requireKnown: false, expect: 'pending' },
      { join: 'c', protocols: ['roundrobin', 'range'], requireKnown: false, expect: 'pending' },
      { join: 'd', protocols: ['sticky'], requireKnown: false, expect: { error: 'INCONSISTENT_GROUP_PROTOCOL' } },
      { join: 'e', protocolType: 'connect', requireKnown: false, expect: { error: 'INCONSISTENT_GROUP_PROTOCOL' } },
      {
        join: 'a', protocols: ['range', 'roundrobin'], expect: { generation: 2, protocol: 'roundrobin', members: ['a', 'b', 'c'] },
        completes: [{ join: 'b', protocol: 'roundrobin' }, { join: 'c', protocol: 'roundrobin' }],
      },
    ]);
  });

  it('a member whose session runs out is removed, and the others rebalance without it', () => {
    runScenario([
      ...aAndB,
      { advance: 6_000 },
      { heartbeat: 'a', expect: 'NONE' },
      { advance: 3_999 },
      { state: 'Stable', members: ['a', 'b'] },
      { advance: 1 },
      { state: 'PreparingRebalance', generation: 2, members: ['a'] },
      { heartbeat: 'b', expect: 'UNKNOWN_MEMBER_ID' },
      { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      { join: 'a', expect: { error: 'NONE', generation: 3, leader: 'a', members: ['a'] } },
    ]);
  });

  it('a member that keeps heartbeating but does not rejoin is removed when the rebalance timeout ends', () => {
    runScenario([
      ...cJoins,
      { join: 'a', expect: 'pending' },
      { advance: 8_000 }, { heartbeat: 'b', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'b', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'b', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 5_999 },
      {
        advance: 1,
        completes: [{ join: 'a', generation: 3, leader: 'a', members: ['a', 'c'] }, { join: 'c', generation: 3, leader: 'a', members: [] }],
      },
      { heartbeat: 'b', expect: 'UNKNOWN_MEMBER_ID' },
      { join: 'b', expect: { error: 'UNKNOWN_MEMBER_ID' } },
    ]);
  });

  it('a leader that does not rejoin in time is replaced by a member that did', () => {
    runScenario([
      ...cJoins,
      { join: 'b', expect: 'pending' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'REBALANCE_IN_PROGRESS' },
      {
        advance: 6_000,
        completes: [{ join: 'b', generation: 3, leader: 'b', members: ['b', 'c'] }, { join: 'c', generation: 3, leader: 'b', members: [] }],
      },
      { state: 'CompletingRebalance', generation: 3, members: ['b', 'c'], leader: 'b' },
    ]);
  });

  it('a join during CompletingRebalance sends parked followers back to rejoin, and a new generation forms', () => {
    runScenario([
      ...aAlone,
      { join: 'b', requireKnown: false, expect: 'pending' },
      { join: 'a', expect: { generation: 2 }, completes: [{ join: 'b', generation: 2 }] },
      // b lost its response and asks again with the same metadata: the same generation, no rebalance.
      { join: 'b', requireKnown: false, expect: { error: 'NONE', generation: 2, leader: 'a', members: [] } },
      { sync: 'b', expect: 'pending' },
      { commit: 'b', expect: 'REBALANCE_IN_PROGRESS' },
      { join: 'c', requireKnown: false, expect: 'pending', completes: [{ sync: 'b', error: 'REBALANCE_IN_PROGRESS', assignment: '' }] },
      { state: 'PreparingRebalance', generation: 2 },
      { sync: 'a', assign: { a: 'A', b: 'B' }, expect: { error: 'REBALANCE_IN_PROGRESS' }, records: [] },
      { join: 'a', expect: 'pending' },
      {
        join: 'b', expect: { error: 'NONE', generation: 3, members: [] },
        completes: [{ join: 'a', generation: 3, members: ['a', 'b', 'c'] }, { join: 'c', generation: 3 }],
      },
    ]);
  });

  it('a pending member that never comes back with its id holds the join phase until its session ends', () => {
    runScenario([
      ...cJoins.slice(0, -1),
      { leave: ['b'], expect: ['NONE'] },
      { join: 'a', expect: 'pending' },
      { advance: 9_999 },
      { advance: 1, completes: [{ join: 'a', generation: 3, members: ['a'] }] },
      { join: 'c', expect: { error: 'UNKNOWN_MEMBER_ID' } },
    ]);
  });

  it('a member that got the new generation but never syncs is removed at the rebalance timeout (KIP-814)', () => {
    runScenario([
      ...aAlone,
      { join: 'b', requireKnown: false, expect: 'pending' },
      { join: 'a', expect: { generation: 2 }, completes: [{ join: 'b', generation: 2 }] },
      { sync: 'a', assign: { a: 'A', b: 'B' }, expect: { assignment: 'A' }, records: ['GroupMetadata'] },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'NONE' }, { heartbeat: 'b', expect: 'NONE' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'NONE' }, { heartbeat: 'b', expect: 'NONE' },
      { advance: 8_000 }, { heartbeat: 'a', expect: 'NONE' }, { heartbeat: 'b', expect: 'NONE' },
      { advance: 6_000 },
      { state: 'PreparingRebalance', generation: 2, members: ['a'] },
      { heartbeat: 'b', expect: 'UNKNOWN_MEMBER_ID' },
    ]);
  });

  it('the initial rebalance delay waits for more members, extended while they keep arriving', () => {
    runScenario([
      { join: 'a', expect: { error: 'MEMBER_ID_REQUIRED' } },
      { join: 'a', expect: 'pending' },
      { advance: 1_000 },
      { join: 'b', expect: { error: 'MEMBER_ID_REQUIRED' } },
      { join: 'b', expect: 'pending' },
      { advance: 2_000 },
      { state: 'PreparingRebalance', generation: 0, members: ['a', 'b'] },
      { advance: 2_999 },
      {
        advance: 1,
        completes: [{ join: 'a', generation: 1, leader: 'a', members: ['a', 'b'] }, { join: 'b', generation: 1, leader: 'a', members: [] }],
      },
    ], { initialRebalanceDelayMs: 3_000 });
  });

  it('JoinGroup v0-3 members join at once, without the MEMBER_ID_REQUIRED round trip', () => {
    runScenario([
      { join: 'a', requireKnown: false, rebalance: -1, expect: { error: 'NONE', generation: 1, leader: 'a' } },
      { state: 'CompletingRebalance', members: ['a'] },
    ]);
  });
});

describe('classic group errors', () => {
  it('answers Kafka error codes for bad session timeouts, unknown members and stale generations', () => {
    runScenario([
      { join: 'a', session: 5_999, expect: { error: 'INVALID_SESSION_TIMEOUT' }, records: [] },
      { join: 'a', session: 1_800_001, expect: { error: 'INVALID_SESSION_TIMEOUT' } },
      { join: 'a', memberId: 'nobody', expect: { error: 'UNKNOWN_MEMBER_ID' }, records: [] },
      { join: 'x', protocolType: '', expect: { error: 'INCONSISTENT_GROUP_PROTOCOL' }, records: ['GroupMetadata'] },
      { join: 'a', expect: { error: 'MEMBER_ID_REQUIRED' }, records: [] },
      ...aAndB.slice(1),
      { heartbeat: 'a', generation: 1, expect: 'ILLEGAL_GENERATION' },
      { sync: 'a', generation: 3, expect: { error: 'ILLEGAL_GENERATION' } },
      { sync: 'a', memberId: 'nobody', expect: { error: 'UNKNOWN_MEMBER_ID' } },
      { heartbeat: 'a', memberId: 'nobody', expect: 'UNKNOWN_MEMBER_ID' },
      { join: 'a', memberId: 'nobody', expect: { error: 'UNKNOWN_MEMBER_ID' } },
    ]);
  });
});

describe('leaving a classic group', () => {
  it('one member leaves: the rest rebalance; the last one leaving empties the group', () => {
    runScenario([
      ...aAndB,
      { leave: ['a'], expect: ['NONE'] },
      { state: 'PreparingRebalance', members: ['b'], leader: 'b' },
      { join: 'b', expect: { generation: 3, leader: 'b', members: ['b'] } },
      { leave: ['b'], expect: ['NONE'], records: ['GroupMetadata'] },
      { state: 'Empty', generation: 4, members: [] },
      { heartbeat: 'b', expect: 'UNKNOWN_MEMBER_ID' },
    ]);
  });

  it('a batch leaves at once, unknown members are answered one by one, and one rebalance follows', () => {
    runScenario([
      ...cJoins,
      { join: 'a', expect: 'pending' },
      { join: 'b', expect: { generation: 3 }, completes: [{ join: 'a', generation: 3 }, { join: 'c', generation: 3 }] },
      { leave: ['b', 'c', 'nobody'], expect: ['NONE', 'NONE', 'UNKNOWN_MEMBER_ID'] },
      { state: 'PreparingRebalance', generation: 3, members: ['a'] },
      { join: 'a', expect: { generation: 4, members: ['a'] } },
    ]);
  });

  it('a member parked in JoinGroup that leaves is answered UNKNOWN_MEMBER_ID', () => {
    runScenario([
      ...cJoins,
      { leave: ['c'], expect: ['NONE'], completes: [{ join: 'c', error: 'UNKNOWN_MEMBER_ID' }] },
      { join: 'a', expect: 'pending' },
      { join: 'b', expect: { generation: 3, members: [] }, completes: [{ join: 'a', generation: 3, members: ['a', 'b'] }] },
    ]);
  });
});
