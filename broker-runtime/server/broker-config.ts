// Broker configuration with Kafka's names (core/.../server/KafkaConfig.scala) and Kafka's defaults,
// except where a desktop cluster should differ; each difference says why.
import { KafkaError } from '../errors.js';

export interface BrokerConfigDefinition {
  name: string;
  /** Kafka's default as Kafka prints it in DescribeConfigs; null means no value. */
  defaultValue: string | null;
  type: 'BOOLEAN' | 'STRING' | 'INT' | 'SHORT' | 'LONG' | 'DOUBLE' | 'LIST' | 'CLASS' | 'PASSWORD';
  /** Can be changed while running (AlterConfigs on a broker resource). */
  dynamic: boolean;
  doc: string;
}

const def = (name: string, defaultValue: string | null, type: BrokerConfigDefinition['type'], dynamic: boolean, doc: string) =>
  ({ name, defaultValue, type, dynamic, doc }) satisfies BrokerConfigDefinition;

export const BROKER_CONFIGS: readonly BrokerConfigDefinition[] = [
  def('broker.id', '-1', 'INT', false, 'The broker id.'),
  def('listeners', null, 'LIST', false, 'The address the broker listens on.'),
  def('advertised.listeners', null, 'LIST', false, 'The address clients are told to connect to.'),
  def('log.dirs', null, 'STRING', false, 'The directory holding the partition logs.'),
  def('auto.create.topics.enable', 'true', 'BOOLEAN', false, 'Create a topic on a Metadata request for an unknown topic.'),
  def('num.partitions', '1', 'INT', false, 'Default number of partitions of an auto-created topic.'),
  def('default.replication.factor', '1', 'INT', false, 'Default replication factor of an auto-created topic.'),
  def('delete.topic.enable', 'true', 'BOOLEAN', false, 'Allow DeleteTopics.'),
  def('min.insync.replicas', '1', 'INT', true, 'Minimum in-sync replicas for acks=all.'),
  def('replica.lag.time.max.ms', '30000', 'LONG', false, 'A follower that has not caught up for this long leaves the ISR.'),
  def('replica.fetch.wait.max.ms', '500', 'INT', false, 'Longest wait of a follower fetch.'),
  def('replica.fetch.max.bytes', '1048576', 'INT', false, 'Bytes a follower fetches per partition at most.'),
  def('replica.fetch.backoff.ms', '1000', 'INT', false, 'Pause after a follower fetch failed.'),
  def('replica.high.watermark.checkpoint.interval.ms', '5000', 'LONG', false, 'How often high watermarks are saved.'),
  def('unclean.leader.election.enable', 'false', 'BOOLEAN', true, 'Allow electing a leader outside the ISR when no ISR member is live, losing the records it lacks.'),
  def('auto.leader.rebalance.enable', 'true', 'BOOLEAN', false, 'Move leadership back to preferred replicas when a broker leads too few of its preferred partitions.'),
  def('leader.imbalance.check.interval.seconds', '300', 'LONG', false, 'How often the coordinator checks for leader imbalance.'),
  def('leader.imbalance.per.broker.percentage', '10', 'INT', false, 'Share of a broker\'s preferred partitions it may not lead before leadership is moved back.'),
  def('broker.session.timeout.ms', '9000', 'INT', false, 'A broker that has not heartbeated for this long is fenced.'),
  def('broker.heartbeat.interval.ms', '2000', 'INT', false, 'Time between a broker\'s heartbeats to the coordinator.'),
  def('metadata.log.max.record.bytes.between.snapshots', '20971520', 'LONG', false, 'Bytes appended to the metadata log before the coordinator writes a snapshot and drops the records it covers.'),
  def('message.max.bytes', '1048588', 'INT', true, 'Largest record batch size allowed.'),
  def('compression.type', 'producer', 'STRING', true, 'Final compression of a topic.'),
  def('log.segment.bytes', '1073741824', 'INT', true, 'Size of a log segment file.'),
  def('log.roll.ms', null, 'LONG', true, 'Time before a new segment is rolled out (ms).'),
  def('log.roll.hours', '168', 'INT', false, 'Time before a new segment is rolled out (hours).'),
  def('log.roll.jitter.ms', null, 'LONG', true, 'Maximum jitter subtracted from the roll time (ms).'),
  def('log.index.size.max.bytes', '10485760', 'INT', true, 'Maximum size of an offset index.'),
  def('log.index.interval.bytes', '4096', 'INT', true, 'Bytes between offset index entries.'),
  def('log.retention.ms', null, 'LONG', true, 'Time a segment is kept (ms).'),
  def('log.retention.minutes', null, 'INT', false, 'Time a segment is kept (minutes).'),
  def('log.retention.hours', '168', 'INT', false, 'Time a segment is kept (hours).'),
  def('log.retention.bytes', '-1', 'LONG', true, 'Maximum size of a partition before old segments are deleted.'),
  def('log.retention.check.interval.ms', '300000', 'LONG', false, 'How often retention runs.'),
  def('log.flush.interval.messages', '9223372036854775807', 'LONG', true, 'Records appended before a flush.'),
  def('log.flush.interval.ms', null, 'LONG', true, 'Time before a flush (ms).'),
  def('log.cleanup.policy', 'delete', 'LIST', true, 'delete, compact, or both.'),
  def('log.cleaner.delete.retention.ms', '86400000', 'LONG', true, 'How long tombstones are kept by compaction.'),
  def('log.cleaner.min.compaction.lag.ms', '0', 'LONG', true, 'Minimum age of a record before compaction.'),
  def('log.cleaner.max.compaction.lag.ms', '9223372036854775807', 'LONG', true, 'Maximum age of a record before compaction.'),
  def('log.cleaner.min.cleanable.ratio', '0.5', 'DOUBLE', true, 'Dirty ratio that triggers compaction.'),
  def('log.segment.delete.delay.ms', '60000', 'LONG', true, 'Delay before a deleted segment file is removed.'),
  def('log.message.timestamp.type', 'CreateTime', 'STRING', true, 'CreateTime or LogAppendTime.'),
  def('log.preallocate', 'false', 'BOOLEAN', true, 'Preallocate segment files.'),
  def('compression.gzip.level', '-1', 'INT', true, 'gzip level when compression.type is gzip (-1: the codec default).'),
  def('compression.lz4.level', '9', 'INT', true, 'lz4 level when compression.type is lz4.'),
  def('compression.zstd.level', '3', 'INT', true, 'zstd level when compression.type is zstd.'),
  def('log.message.format.version', '3.0-IV1', 'STRING', false, 'Deprecated record format version; ignored since Kafka 3.0.'),
  def('log.message.timestamp.difference.max.ms', '9223372036854775807', 'LONG', true, 'Deprecated bound on record timestamps in both directions.'),
  def('log.message.timestamp.before.max.ms', '9223372036854775807', 'LONG', true, 'How far before the broker clock a CreateTime record may be stamped.'),
  def('log.message.timestamp.after.max.ms', '9223372036854775807', 'LONG', true, 'How far after the broker clock a CreateTime record may be stamped.'),
  def('log.message.downconversion.enable', 'true', 'BOOLEAN', true, 'Allow Fetch to down-convert batches for old consumers.'),
  def('log.local.retention.ms', '-2', 'LONG', true, 'Local retention time of tiered topics (-2: log.retention.ms).'),
  def('log.local.retention.bytes', '-2', 'LONG', true, 'Local retention size of tiered topics (-2: log.retention.bytes).'),
  def('socket.request.max.bytes', '104857600', 'INT', false, 'Largest request accepted; larger ones close the connection.'),
  def('offsets.topic.num.partitions', '50', 'INT', false, 'Partitions of __consumer_offsets.'),
  def('offsets.topic.replication.factor', '3', 'SHORT', false, 'Replication factor of __consumer_offsets (capped by live brokers).'),
  // Oxbow: 0 instead of Kafka's 3000, as Kafka's own config/server.properties sets for development.
  def('group.initial.rebalance.delay.ms', '0', 'INT', false, 'Delay before the first rebalance of an empty group.'),
  def('group.min.session.timeout.ms', '6000', 'INT', false, 'Smallest session timeout a member may ask for.'),
  def('group.max.session.timeout.ms', '1800000', 'INT', false, 'Largest session timeout a member may ask for.'),
];

export const BROKER_CONFIG_BY_NAME: ReadonlyMap<string, BrokerConfigDefinition> = new Map(BROKER_CONFIGS.map((d) => [d.name, d]));

/** Checks a dynamic broker config change (AlterConfigs on a broker resource). */
export function validateBrokerConfig(name: string, value: string): void {
  const definition = BROKER_CONFIG_BY_NAME.get(name);
  if (!definition) throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${name}`);
  if (!definition.dynamic) throw new KafkaError('INVALID_CONFIG', `Broker config ${name} cannot be changed while the broker runs.`);
  const numeric = ['INT', 'SHORT', 'LONG'].includes(definition.type);
  if (numeric && !/^-?\d+$/.test(value)) throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: not a number.`);
  if (definition.type === 'BOOLEAN' && value !== 'true' && value !== 'false') {
    throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: expected true or false.`);
  }
}
