// Random client behaviour against the coordinator. Clients mostly behave like real consumers (join,
// sync, heartbeat, rejoin when told), with chaos mixed in: restarts that forget the member id,
// stale requests, leaves, deletes, and the clock jumping. Whatever happens, every parked request
// is answered exactly once, the group's invariants hold after every input, and once time runs on
// long enough everyone has been answered, removed, and nothing is left scheduled.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GroupCoordinator } from '../../../../broker-runtime/coordinator/group/group-coordinator.js';
import type { ClassicGroupState, Completion, JoinGroupResult, SyncGroupResult } from '../../../../broker-runtime/coordinator/group/types.js';
import { ErrorCode } from '../../../../broker-runtime/protocol/error-codes.js';
import { GROUP, newCoordinator, subscription } from './scenario.js';

const ACTORS = ['a', 'b', 'c', 's'] as const;
type ActorName = (typeof ACTORS)[number];
type Phase = 'join' | 'joining' | 'sync' | 'syncing' | 'beat';

type Command =
  | { kind: 'step'; who: ActorName }
  | { kind: 'restart'; who: ActorName; roundRobin: boolean }
  | { kind: 'staleSync' | 'commit' | 'leave'; who: ActorName }
  | { kind: 'advance'; ms: number }
  | { kind: 'delete' };

const actor = fc.constantFrom(...ACTORS);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('step' as const), who: actor }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.oneof(fc.integer({ min: 0, max: 4_000 }), fc.integer({ min: 0, max: 40_000 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restart' as const), who: actor, roundRobin: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('staleSync' as const, 'commit' as const, 'leave' as const), who: actor }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
);

interface Client { memberId: string; generation: number; phase: Phase; roundRobin: boolean; rebalanceTimeoutMs: number }

class World {
  readonly c: GroupCoordinator = newCoordinator({ initialRebalanceDelayMs: 500 });
  now = 0;
  readonly statesSeen = new Set<ClassicGroupState>();
  private rid = 0;
  private readonly parked = new Map<string, ActorName>();
  private readonly clients = new Map<ActorName, Client>(ACTORS.map((n, i) => [n, {
    memberId: '', generation: -1, phase: 'join', roundRobin: false, rebalanceTimeoutMs: [30_000, 5_000, 0, 20_000][i],
  }]));

  get outstanding(): number {
    return this.parked.size;
  }

  apply(cmd: Command): void {
    const client = 'who' in cmd ? this.clients.get(cmd.who)! : undefined;
    const instance = 'who' in cmd && cmd.who === 's' ? 'is' : null;
    switch (cmd.kind) {
      case 'step':
        if (client!.phase === 'join') this.join(cmd.who, client!);
        else if (client!.phase === 'sync') this.sync(cmd.who, client!, client!.generation);
        else if (client!.phase === 'beat') {
          const { errorCode } = this.absorb(this.c.heartbeat({ groupId: GROUP, generationId: client!.generation, memberId: client!.memberId, groupInstanceId: instance }, this.now)).response;
          if (errorCode !== ErrorCode.NONE) this.rejoin(client!, errorCode);
        }
        return;
      case 'restart':
        Object.assign(client!, { memberId: '', generation: -1, phase: 'join', roundRobin: cmd.roundRobin });
        return this.join(cmd.who, client!);
      case 'staleSync':
        return this.sync(cmd.who, client!, client!.generation - 1);
      case 'commit': {
        const topics = [{ name: 't', partitions: [{ partitionIndex: 0, committedOffset: this.now, committedLeaderEpoch: -1, committedMetadata: null }] }];
        this.absorb(this.c.commitOffsets({ groupId: GROUP, generationId: client!.generation, memberId: client!.memberId, groupInstanceId: instance, topics }, this.now));
        return;
      }
      case 'leave':
        this.absorb(this.c.leaveGroup({ groupId: GROUP, members: [{ memberId: client!.memberId, groupInstanceId: instance }] }, this.now));
        return;
      case 'advance':
        this.now += cmd.ms;
        this.absorb(this.c.tick(this.now));
        return;
      case 'delete':
        this.absorb(this.c.deleteGroups([GROUP], this.now));
    }
  }

  checkInvariants(): void {
    const view = this.c.groupView(GROUP);
    if (!view) return;
    this.statesSeen.add(view.state);
    const ids = view.members.map((m) => m.memberId);
    expect(new Set(ids).size).toBe(ids.length);
    if (view.state === 'Empty') expect(ids).toEqual([]);
    else if (view.state !== 'PreparingRebalance') expect(ids).toContain(view.leader);
    if (ids.length > 0) expect(ids).toContain(view.leader);
    expect(view.members.filter((m) => m.groupInstanceId === 'is').length).toBeLessThanOrEqual(1);
    const next = this.c.nextDeadline();
    if (next !== null) expect(next).toBeGreaterThan(this.now);
  }

  private join(who: ActorName, client: Client): void {
    const requestId = `r${++this.rid}`;
    const protocols = (client.roundRobin ? ['roundrobin', 'range'] : ['range', 'roundrobin']).map((name) => ({ name, metadata: subscription(['t']) }));
    const out = this.absorb(this.c.joinGroup({
      requestId, groupId: GROUP, memberId: client.memberId, groupInstanceId: who === 's' ? 'is' : null, protocolType: 'consumer', protocols,
      sessionTimeoutMs: 10_000, rebalanceTimeoutMs: client.rebalanceTimeoutMs, clientId: who, clientHost: '/h', requireKnownMemberId: who !== 'c',
    }, this.now));
    if (out.response === 'pending') {
      this.parked.set(requestId, who);
      client.phase = 'joining';
    } else {
      this.joined(client, out.response);
    }
  }

  private sync(who: ActorName, client: Client, generationId: number): void {
    const requestId = `r${++this.rid}`;
    const assignments = (this.c.groupView(GROUP)?.members ?? []).map((m) => ({ memberId: m.memberId, assignment: Buffer.from(m.clientId) }));
    const out = this.absorb(this.c.syncGroup({
      requestId, groupId: GROUP, generationId, memberId: client.memberId, groupInstanceId: who === 's' ? 'is' : null,
      protocolType: 'consumer', protocolName: null, assignments,
    }, this.now));
    if (out.response === 'pending') {
      this.parked.set(requestId, who);
      client.phase = 'syncing';
    } else {
      this.synced(client, out.response);
    }
  }

  private joined(client: Client, res: JoinGroupResult): void {
    if (res.errorCode === ErrorCode.MEMBER_ID_REQUIRED) Object.assign(client, { memberId: res.memberId, phase: 'join' });
    else if (res.errorCode === ErrorCode.NONE) Object.assign(client, { memberId: res.memberId, generation: res.generationId, phase: 'sync' });
    else this.rejoin(client, res.errorCode);
  }

  private synced(client: Client, res: SyncGroupResult): void {
    if (res.errorCode === ErrorCode.NONE) client.phase = 'beat';
    else this.rejoin(client, res.errorCode);
  }

  /** As the Java consumer: a rebalance keeps the member id, anything else starts over without it. */
  private rejoin(client: Client, errorCode: number): void {
    client.phase = 'join';
    if (errorCode !== ErrorCode.REBALANCE_IN_PROGRESS && errorCode !== ErrorCode.ILLEGAL_GENERATION) client.memberId = '';
  }

  private absorb<T extends { completed: Completion[] }>(out: T): T {
    for (const done of out.completed) {
      const who = this.parked.get(String(done.requestId));
      expect(who, `answered twice or never parked: ${String(done.requestId)}`).toBeDefined();
      this.parked.delete(String(done.requestId));
      const client = this.clients.get(who!)!;
      if (done.api === 'JoinGroup') this.joined(client, done.response);
      else this.synced(client, done.response);
    }
    return out;
  }
}

describe('classic group coordinator properties', () => {
  it('answers every parked request exactly once and keeps its invariants, whatever the clients do', () => {
    const statesSeen = new Set<ClassicGroupState>();
    fc.assert(fc.property(fc.array(command, { minLength: 30, maxLength: 150 }), (commands) => {
      const world = new World();
      for (const cmd of commands) {
        world.apply(cmd);
        world.checkInvariants();
      }
      world.apply({ kind: 'advance', ms: 10_000_000 });
      expect(world.outstanding).toBe(0);
      expect(world.c.nextDeadline()).toBeNull();
      expect(world.c.groupView(GROUP)?.members ?? []).toEqual([]);
      for (const s of world.statesSeen) statesSeen.add(s);
    }), { numRuns: 200, seed: 20240611 });
    // The runs must have exercised the whole life of a group, or the property says little.
    expect([...statesSeen].sort()).toEqual(['CompletingRebalance', 'Empty', 'PreparingRebalance', 'Stable']);
  });
});
