// Consumer groups, their lag and its health over time, on the selected connection.
//
// Where answers come from:
// - the embedded cluster: the engine's own view of its groups (./engine-groups.ts), with exact
//   time lag and commit timestamps;
// - any other cluster: the Kafka protocol (./kafka-groups.ts), time lag looked up with one fetch
//   per lagging partition and new committed offset (./record-timestamps.ts);
// - status: Burrow's evaluation of the lag sampler's window (./lag-monitor.ts, main/lag), so a
//   group's status is as of the last sample, while its lag is read for the call;
// - lag history: the sampler's readings on disk under stateDir/lag-history;
// - changes (reset offsets, delete): the Kafka protocol, on every connection alike.
import path from 'node:path';
import type { ApiArgs, LagPoint } from '../../contract/index.js';
import { type BurrowWindowConfig, LagHistory, type Scheduler } from '../../lag/index.js';
import type { ApiHandlers } from '../api-dispatcher.js';
import { apiError } from '../api-error.js';
import type { Closable, HostContext } from '../host-context.js';
import { EngineGroupSource } from './engine-groups.js';
import { activeGroupError, groupChangeError } from './group-errors.js';
import { type GroupSource, hasActiveMembers, maxTimeLagOf, toDetail, toSummary } from './group-model.js';
import { ClientsByConnection } from './kafka-clients.js';
import { KafkaGroupSource } from './kafka-groups.js';
import { LagMonitor } from './lag-monitor.js';
import { sampleSeconds } from './lag-settings.js';
import { commitTargets, resetInputs, resetTargets } from './offset-reset.js';
import { RecordTimestamps } from './record-timestamps.js';

export type GroupMethods = Pick<ApiHandlers, 'listGroups' | 'describeGroup' | 'lagHistory' | 'previewOffsetReset' | 'resetOffsets' | 'deleteGroup'>;

export interface GroupMethodsOptions {
  /** The lag sampler's and the prune's scheduler (node-cron unless a test ticks by hand). */
  schedule?: Scheduler;
  /** Seconds between lag samples; default: OXBOW_LAG_SAMPLE_SECONDS, else 5. */
  sampleEverySeconds?: number;
  window?: Partial<BurrowWindowConfig>;
  /** Default: the process environment. */
  env?: NodeJS.ProcessEnv;
}

/** Points a lag chart gets when the caller does not say. */
const DEFAULT_CHART_POINTS = 500;

export function createGroupMethods(ctx: HostContext, options: GroupMethodsOptions = {}): GroupMethods & Closable {
  const clients = new ClientsByConnection(() => ctx.kafka());
  const timestamps = new RecordTimestamps(() => clients.get());
  const history = new LagHistory({ dir: path.join(ctx.stateDir, 'lag-history'), log: ctx.log });
  const source = (): GroupSource => {
    const cluster = ctx.embedded();
    return cluster ? new EngineGroupSource(cluster, ctx.clock) : new KafkaGroupSource(ctx.admin(), timestamps.lookup, ctx.clock);
  };
  const monitor = new LagMonitor({
    connectionId: () => ctx.kafka().connectionId,
    read: () => source().readAll(),
    history,
    publish: (event) => ctx.hub.publish(event),
    everySeconds: options.sampleEverySeconds ?? sampleSeconds(options.env ?? process.env, ctx.log),
    window: options.window,
    schedule: options.schedule,
    clock: ctx.clock,
    log: ctx.log,
  });
  const changed = () => ctx.hub.publish({ kind: 'changed', what: 'groups' });

  const describe = async (groupId: string) => {
    const group = await source().readOne(groupId);
    if (!group) throw apiError('NOT_FOUND', `No consumer group named ${groupId}.`);
    return group;
  };

  const plan = async ({ groupId, topics, spec }: ApiArgs<'resetOffsets'>) => {
    const inputs = await ctx.admin().use((admin) => resetInputs(admin, groupId, topics, spec));
    const targets = resetTargets(spec, inputs);
    if (targets.length === 0) throw apiError('INVALID_ARGUMENT', `Group ${groupId} has no committed offset on those topics to shift from.`);
    return targets;
  };

  return {
    async listGroups() {
      const groups = await source().readAll();
      return groups.map((g) => toSummary(g, monitor.health(g.groupId)));
    },

    async describeGroup({ groupId }) {
      const group = await describe(groupId);
      return toDetail(group, monitor.health(groupId));
    },

    async lagHistory({ groupId, topic, partition, from, to, maxPoints }): Promise<LagPoint[]> {
      const query = { connectionId: ctx.kafka().connectionId, groupId, from, to: to ?? ctx.clock(), maxPoints: maxPoints ?? DEFAULT_CHART_POINTS };
      if (topic !== undefined || partition !== undefined) {
        if (topic === undefined || partition === undefined) throw apiError('INVALID_ARGUMENT', 'A partition\'s lag history needs both the topic and the partition.');
        const points = await history.readPartition({ ...query, topic, partition });
        return points.flatMap((p) => (p.lag === null ? [] : [{ at: p.at, lag: p.lag, timeLagMs: p.timeLagMs }]));
      }
      const points = await history.readGroup(query);
      return points.map((p) => ({ at: p.at, lag: p.totalLag, timeLagMs: maxTimeLagOf(p.partitions) }));
    },

    previewOffsetReset: (args) => plan(args),

    async resetOffsets(args) {
      // A group that does not exist yet may be given offsets: it then exists, Empty.
      const group = await source().readOne(args.groupId);
      if (group && hasActiveMembers(group)) throw activeGroupError(args.groupId, 'reset', { state: group.state, members: group.members.length });
      const targets = await plan(args);
      try {
        await commitTargets(clients.get().admin(), args.groupId, targets);
      } catch (err) {
        throw groupChangeError(err, args.groupId, 'reset');
      }
      changed();
      return targets;
    },

    async deleteGroup({ groupId }) {
      const group = await describe(groupId);
      if (hasActiveMembers(group)) throw activeGroupError(groupId, 'delete', { state: group.state, members: group.members.length });
      try {
        await ctx.admin().use((admin) => admin.deleteGroups([groupId]));
      } catch (err) {
        throw groupChangeError(err, groupId, 'delete');
      }
      changed();
      return null;
    },

    async close() {
      await monitor.close();
      await clients.close();
    },
  };
}
