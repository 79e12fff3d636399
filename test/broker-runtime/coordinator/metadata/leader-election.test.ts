// Leader elections beyond the clean ones of fencing, as scenarios against a real Controller:
// unclean elections (unclean.leader.election.enable by topic, cluster default and static default),
// Kafka's ElectLeaders (PREFERRED and UNCLEAN), and the periodic leader imbalance check.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ControllerConfig } from '../../../../broker-runtime/coordinator/metadata/controller-config.js';
import type { ElectionType } from '../../../../broker-runtime/coordinator/metadata/leader-election.js';
import { leaderRebalanceRecords } from '../../../../broker-runtime/coordinator/metadata/leader-election.js';
import { MetadataImage } from '../../../../broker-runtime/coordinator/metadata/metadata-image.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { type OpenController, openController } from './metadata-fixture.js';

type Step =
  | { fence: number }
  | { unfence: number }
  /** The partition's leader sets its ISR (AlterPartition), as replication does when followers lag or catch up. */
  | { isr: string; to: number[] }
  | { topicConfig: string; value: string | null }
  | { clusterDefault: string | null }
  | { elect: ElectionType; partitions: string[] | null; results: [string, keyof typeof ErrorCode][] }
  | { rebalance: number }
  /** 'topic-partition' -> leader, or [leader, ...isr]. */
  | { expect: Record<string, number | [number, ...number[]]> };

interface Scenario {
  name: string;
  config?: Partial<ControllerConfig>;
  steps: Step[];
}

// Brokers 0, 1, 2; topic trio: RF=3, partition p prefers broker p; topic solo: RF=1 on broker 2.
const scenarios: Scenario[] = [
  {
    name: 'without unclean elections, a partition whose last ISR member is fenced goes offline; that member leads again when it is back',
    steps: [
      { isr: 'trio-0', to: [0] },
      { fence: 0 },
      { expect: { 'trio-0': [-1, 0], 'trio-1': [1, 1, 2] } },
      { unfence: 0 },
      { expect: { 'trio-0': [0, 0] } },
    ],
  },
  {
    name: 'a topic that allows unclean elections gets a live replica outside the ISR as leader and sole ISR member (its lost records are Kafka\'s price too)',
    steps: [
      { topicConfig: 'trio', value: 'true' },
      { isr: 'trio-0', to: [0] },
      { fence: 0 },
      { expect: { 'trio-0': [1, 1] } },
      // The old leader comes back as a follower; it rejoins the ISR only once it caught up.
      { unfence: 0 },
      { expect: { 'trio-0': [1, 1] } },
    ],
  },
  {
    name: 'allowing unclean elections elects offline partitions with a live replica at once; a topic\'s false beats the cluster default',
    steps: [
      { isr: 'trio-0', to: [0] },
      { isr: 'trio-1', to: [1] },
      { fence: 0 },
      { fence: 1 },
      { expect: { 'trio-0': [-1, 0], 'trio-1': [-1, 1], 'trio-2': [2, 2] } },
      { topicConfig: 'trio', value: 'false' },
      { clusterDefault: 'true' },
      { expect: { 'trio-0': -1, 'trio-1': -1 } },
      { topicConfig: 'trio', value: null },
      { expect: { 'trio-0': [2, 2], 'trio-1': [2, 2] } },
    ],
  },
  {
    name: 'the static default allows unclean elections; with no replica live the partition waits, and the first replica back leads',
    config: { uncleanLeaderElectionEnable: true },
    steps: [
      { fence: 2 },
      { expect: { 'solo-0': [-1, 2] } },
      { isr: 'trio-0', to: [0] },
      { fence: 1 },
      { fence: 0 },
      { expect: { 'trio-0': [-1, 0], 'trio-1': -1 } },
      { unfence: 1 },
      { expect: { 'trio-0': [1, 1], 'solo-0': -1 } },
    ],
  },
  {
    name: 'ElectLeaders PREFERRED moves leadership back to the first replica once it is in the ISR, and says why it could not',
    steps: [
      { fence: 0 },
      { unfence: 0 },
      { expect: { 'trio-0': [1, 1, 2] } },
      { elect: 'preferred', partitions: ['trio-0', 'trio-1', 'nope-0', 'trio-9'], results: [
        ['trio-0', 'PREFERRED_LEADER_NOT_AVAILABLE'], ['trio-1', 'ELECTION_NOT_NEEDED'],
        ['nope-0', 'UNKNOWN_TOPIC_OR_PARTITION'], ['trio-9', 'UNKNOWN_TOPIC_OR_PARTITION'],
      ] },
      { isr: 'trio-0', to: [0, 1, 2] },
      { elect: 'preferred', partitions: null, results: [['trio-0', 'NONE']] },
      { expect: { 'trio-0': [0, 0, 1, 2] } },
    ],
  },
  {
    name: 'ElectLeaders UNCLEAN elects outside the ISR whatever the topic says, only where no leader is left',
    steps: [
      { isr: 'trio-0', to: [0] },
      { fence: 0 },
      { fence: 2 },
      { elect: 'unclean', partitions: ['trio-0', 'trio-1', 'solo-0'], results: [
        ['trio-0', 'NONE'], ['trio-1', 'ELECTION_NOT_NEEDED'], ['solo-0', 'ELIGIBLE_LEADERS_NOT_AVAILABLE'],
      ] },
      { expect: { 'trio-0': [1, 1] } },
    ],
  },
  {
    name: 'the imbalance check moves leadership back to a returned broker once it is in the ISR again',
    config: { leaderImbalancePerBrokerPercentage: 10 },
    steps: [
      { fence: 1 },
      { unfence: 1 },
      { expect: { 'trio-1': [2, 2, 0] } },
      { rebalance: 0 },
      { isr: 'trio-1', to: [1, 2, 0] },
      { rebalance: 1 },
      { expect: { 'trio-1': [1, 1, 2, 0] } },
      { rebalance: 0 },
    ],
  },
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-election-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function partitionOf(opened: OpenController, key: string) {
  const [topic, p] = key.split('-');
  return { topic, partition: Number(p), state: opened.controller.image.partition(topic, Number(p)) };
}

function run(scenario: Scenario): void {
  const opened = openController(dir, scenario.config);
  const { controller } = opened;
  for (const id of [0, 1, 2]) controller.registerBroker(id, '127.0.0.1', 9092 + id);
  controller.createTopics([
    { name: 'trio', numPartitions: -1, replicationFactor: -1, assignments: [[0, 1, 2], [1, 2, 0], [2, 0, 1]], configs: {} },
    { name: 'solo', numPartitions: -1, replicationFactor: -1, assignments: [[2]], configs: {} },
  ], false);
  scenario.steps.forEach((step, i) => {
    const where = `step ${i} of "${scenario.name}"`;
    if ('fence' in step) controller.fenceBroker(step.fence);
    else if ('unfence' in step) controller.unfenceBroker(step.unfence);
    else if ('isr' in step) {
      const { state } = partitionOf(opened, step.isr);
      expect(controller.alterPartition(state!.leader, state!.topicId, state!.partition, state!.leaderEpoch, step.to).errorCode, where).toBe(0);
    } else if ('topicConfig' in step) {
      const change = { name: 'unclean.leader.election.enable', value: step.value, op: step.value === null ? 'DELETE' as const : 'SET' as const };
      expect(controller.alterConfigs('topic', step.topicConfig, [change], true, false).errorCode, where).toBe(0);
    } else if ('clusterDefault' in step) {
      const change = { name: 'unclean.leader.election.enable', value: step.clusterDefault, op: step.clusterDefault === null ? 'DELETE' as const : 'SET' as const };
      expect(controller.alterConfigs('broker', '', [change], true, false).errorCode, where).toBe(0);
    } else if ('elect' in step) {
      const partitions = step.partitions?.map((key) => partitionOf(opened, key)).map(({ topic, partition }) => ({ topic, partition })) ?? null;
      const results = controller.electLeaders(step.elect, partitions);
      expect(results.map((r) => [`${r.topic}-${r.partition}`, r.errorCode]), where).toEqual(step.results.map(([k, code]) => [k, ErrorCode[code]]));
    } else if ('rebalance' in step) {
      expect(controller.checkLeaderImbalance(), where).toBe(step.rebalance);
    } else {
      for (const [key, expected] of Object.entries(step.expect)) {
        const { state } = partitionOf(opened, key);
        const [leader, ...isr] = Array.isArray(expected) ? expected : [expected];
        expect(state?.leader, `${where}: leader of ${key}`).toBe(leader);
        if (Array.isArray(expected)) expect(state?.isr, `${where}: ISR of ${key}`).toEqual(isr);
      }
    }
  });
  opened.log.close();
}

describe('leader elections', () => {
  for (const scenario of scenarios) it(scenario.name, () => run(scenario));
});

describe('leaderRebalanceRecords', () => {
  /** Broker 0 prefers ten partitions and leads `led` of them; broker 1 leads the rest, where broker 0 is in the ISR unless listed. */
  function imbalanced(led: number, notInIsr: number[] = []): MetadataImage {
    const image = new MetadataImage();
    for (const id of [0, 1]) image.replay({ type: 'RegisterBroker', brokerId: id, host: 'h', port: id, rack: null, brokerEpoch: 0 });
    image.replay({ type: 'Topic', name: 't', topicId: 'T' });
    for (let p = 0; p < 10; p++) {
      const isr = notInIsr.includes(p) ? [1] : [0, 1];
      image.replay({ type: 'Partition', topicId: 'T', partition: p, replicas: [0, 1], isr, leader: p < led ? 0 : 1, leaderEpoch: 0, partitionEpoch: 0 });
    }
    return image;
  }

  it('leaves a broker alone at or below the imbalance percentage and moves back what it can above it', () => {
    expect(leaderRebalanceRecords(imbalanced(9), 10)).toEqual([]);
    expect(leaderRebalanceRecords(imbalanced(8), 10).map((r) => [r.partition, r.leader])).toEqual([[8, 0], [9, 0]]);
    expect(leaderRebalanceRecords(imbalanced(9), 0).map((r) => r.partition)).toEqual([9]);
  });

  it('moves leadership only to a preferred replica that is live and in the ISR, and never touches the ISR', () => {
    const records = leaderRebalanceRecords(imbalanced(7, [8]), 10);
    expect(records).toEqual([
      { type: 'PartitionChange', topicId: 'T', partition: 7, leader: 0 },
      { type: 'PartitionChange', topicId: 'T', partition: 9, leader: 0 },
    ]);
    const fenced = imbalanced(5);
    fenced.replay({ type: 'BrokerRegistrationChange', brokerId: 0, fenced: true });
    expect(leaderRebalanceRecords(fenced, 10)).toEqual([]);
  });
});
