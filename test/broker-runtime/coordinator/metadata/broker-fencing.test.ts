// Broker liveness and leader election as scenarios: steps at given times (heartbeats, session
// checks, controlled shutdowns, registrations, a coordinator restart) against a real Controller and
// metadata log, then what the committed metadata says. No timers: `at` is the clock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BrokerHeartbeatManager } from '../../../../broker-runtime/coordinator/metadata/broker-heartbeat-manager.js';
import { electLeader } from '../../../../broker-runtime/coordinator/metadata/partition-change.js';
import { BrokerLiveness } from '../../../../broker-runtime/coordinator/metadata/broker-liveness.js';
import { Controller } from '../../../../broker-runtime/coordinator/metadata/controller.js';
import { MetadataLog } from '../../../../broker-runtime/coordinator/metadata/metadata-log.js';

const SESSION_MS = 1000;

type Step =
  | { at: number; heartbeats: number[] }
  | { at: number; check: number[] }
  | { at: number; shutdown: number }
  | { at: number; register: number }
  | { at: number; restartCoordinator: true }
  | {
      expect: {
        live?: number[];
        /** 'topic-partition' -> leader */
        leaders?: Record<string, number>;
        isr?: Record<string, number[]>;
      };
    };

interface Scenario {
  name: string;
  steps: Step[];
}

// Every scenario starts with brokers 0, 1, 2 registered at t=0, and two topics:
// solo: RF=1, partition p on broker p; trio: RF=3, partition p led by broker p, replicas rotated.
const scenarios: Scenario[] = [
  {
    name: 'a silent broker is fenced once its session runs out: RF=1 goes offline, RF=3 leadership moves within the ISR',
    steps: [
      { at: 500, heartbeats: [0, 1, 2] },
      { at: 1000, heartbeats: [0, 2] },
      { at: 1400, check: [] },
      { at: 1501, check: [1] },
      {
        expect: {
          live: [0, 2],
          leaders: { 'solo-0': 0, 'solo-1': -1, 'solo-2': 2, 'trio-0': 0, 'trio-1': 2, 'trio-2': 2 },
          isr: { 'solo-1': [1], 'trio-0': [0, 2], 'trio-1': [2, 0], 'trio-2': [2, 0] },
        },
      },
      // Back: it leads its RF=1 partition again; rejoining replicated ISRs is the replication layer's call.
      { at: 2000, heartbeats: [1] },
      { expect: { live: [0, 1, 2], leaders: { 'solo-1': 1, 'trio-1': 2 }, isr: { 'trio-1': [2, 0] } } },
    ],
  },
  {
    name: 'a controlled shutdown fences at once; a heartbeat already on its way does not undo it, a registration does',
    steps: [
      { at: 100, shutdown: 2 },
      { expect: { live: [0, 1], leaders: { 'solo-2': -1, 'trio-2': 0 }, isr: { 'trio-2': [0, 1] } } },
      { at: 150, heartbeats: [2] },
      { expect: { live: [0, 1] } },
      { at: 5000, register: 2 },
      { expect: { live: [0, 1, 2], leaders: { 'solo-2': 2, 'trio-2': 0 } } },
    ],
  },
  {
    name: 'brokers fenced in one check never lead each other\'s partitions, and the last ISR member is the only one who may lead again',
    steps: [
      { at: 900, heartbeats: [2] },
      { at: 1001, check: [0, 1] },
      { expect: { live: [2], leaders: { 'trio-0': 2, 'trio-1': 2, 'trio-2': 2, 'solo-0': -1 }, isr: { 'trio-0': [2], 'trio-1': [2] } } },
      { at: 1902, check: [2] },
      { expect: { live: [], leaders: { 'trio-0': -1, 'trio-1': -1, 'trio-2': -1 }, isr: { 'trio-0': [2], 'trio-2': [2] } } },
      // Broker 0 has a replica of every trio partition but is not in their ISR: no unclean election.
      { at: 2000, heartbeats: [0] },
      { expect: { live: [0], leaders: { 'trio-0': -1, 'solo-0': 0 } } },
      { at: 2100, heartbeats: [2] },
      { expect: { live: [0, 2], leaders: { 'trio-0': 2, 'trio-1': 2, 'trio-2': 2 } } },
    ],
  },
  {
    name: 'a restarted coordinator gives every live broker a full session before fencing anyone',
    steps: [
      { at: 10_000, restartCoordinator: true },
      { at: 10_000, check: [] },
      { at: 10_500, heartbeats: [0, 1] },
      { at: 10_999, check: [] },
      { at: 11_001, check: [2] },
      { expect: { live: [0, 1] } },
    ],
  },
];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-fencing-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function openCoordinator(): { controller: Controller; liveness: BrokerLiveness; log: MetadataLog } {
  const log = MetadataLog.open(path.join(dir, 'metadata.log'));
  let n = 0;
  const controller = new Controller({
    log,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    validateTopicConfig: () => {},
    random: { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, int: () => 0 },
  });
  return { controller, liveness: new BrokerLiveness(controller, new BrokerHeartbeatManager(SESSION_MS)), log };
}

function run(scenario: Scenario): void {
  let coordinator = openCoordinator();
  for (const id of [0, 1, 2]) coordinator.liveness.register(id, '127.0.0.1', 9092 + id, null, 0);
  const created = coordinator.controller.createTopics([
    { name: 'solo', numPartitions: -1, replicationFactor: -1, assignments: [[0], [1], [2]], configs: {} },
    { name: 'trio', numPartitions: -1, replicationFactor: -1, assignments: [[0, 1, 2], [1, 2, 0], [2, 0, 1]], configs: {} },
  ], false);
  expect(created.map((r) => r.errorCode)).toEqual([0, 0]);

  scenario.steps.forEach((step, i) => {
    const where = `step ${i} of "${scenario.name}"`;
    if ('heartbeats' in step) for (const id of step.heartbeats) coordinator.liveness.heartbeat(id, step.at);
    else if ('check' in step) expect(coordinator.liveness.checkSessions(step.at), where).toEqual(step.check);
    else if ('shutdown' in step) coordinator.liveness.controlledShutdown(step.shutdown);
    else if ('register' in step) coordinator.liveness.register(step.register, '127.0.0.1', 9092 + step.register, null, step.at);
    else if ('restartCoordinator' in step) {
      coordinator.log.close();
      coordinator = openCoordinator();
    } else {
      const { image } = coordinator.controller;
      const { live, leaders, isr } = step.expect;
      if (live) expect(image.liveBrokers().map((b) => b.brokerId), where).toEqual(live);
      for (const [key, leader] of Object.entries(leaders ?? {})) {
        const [topic, p] = key.split('-');
        expect(image.partition(topic, Number(p))?.leader, `${where}: leader of ${key}`).toBe(leader);
      }
      for (const [key, members] of Object.entries(isr ?? {})) {
        const [topic, p] = key.split('-');
        expect(image.partition(topic, Number(p))?.isr, `${where}: ISR of ${key}`).toEqual(members);
      }
    }
  });
  coordinator.log.close();
}

describe('broker liveness and leader election', () => {
  for (const scenario of scenarios) it(scenario.name, () => run(scenario));

  it('tells a broker the coordinator does not know to register', () => {
    const { liveness, log } = openCoordinator();
    expect(liveness.heartbeat(7, 0)).toEqual({ registered: false, fenced: true });
    liveness.register(7, '127.0.0.1', 9099, null, 0);
    expect(liveness.heartbeat(7, 10)).toEqual({ registered: true, fenced: false });
    log.close();
  });

  it('elects the first live ISR member in replica order', () => {
    expect(electLeader({ replicas: [2, 0, 1], isr: [0, 1, 2] }, new Set([0, 1, 2]))).toBe(2);
    expect(electLeader({ replicas: [2, 0, 1], isr: [0, 1] }, new Set([0, 1, 2]))).toBe(0);
    expect(electLeader({ replicas: [2, 0, 1], isr: [1] }, new Set([0, 2]))).toBe(-1);
  });
});
