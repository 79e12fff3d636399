// FindCoordinator (key 10): versions 0-6.
// - v0: a group key only; v1-3: Key + KeyType (0 group, 1 transaction); v4+ (KIP-699): a batch of
//   keys answered per key. v3+ flexible. v5 (KIP-890) lets the broker answer TRANSACTION_ABORTABLE,
//   which Oxbow never does; v6 (KIP-932) adds KeyType 2, share groups: Oxbow has none, and
//   answers them COORDINATOR_NOT_AVAILABLE, as Kafka does without a share coordinator.
// - A group's coordinator is the leader of its __consumer_offsets partition. The topic is created
//   on the first lookup, as Kafka does (offsets.topic.num.partitions, replication capped by the
//   live brokers, compacted); meanwhile the client gets COORDINATOR_NOT_AVAILABLE and retries.
// - librdkafka 2.0.2 turns on LZ4 and group support only when it sees FindCoordinator v0 advertised
//   (CLIENTS.md 2.3).
// NB: transactions are not implemented: transactional keys get COORDINATOR_NOT_AVAILABLE.
import { ErrorCode } from '../protocol/error-codes.js';
import { FindCoordinator, type FindCoordinatorResponseCoordinator } from '../protocol/generated/find-coordinator.js';
import type { BrokerServices } from '../server/broker-services.js';
import { GROUP_METADATA_TOPIC } from '../server/group-coordinator-service.js';
import { defineHandler } from './handler.js';

const GROUP_KEY_TYPE = 0;

function unavailable(key: string, errorMessage: string): FindCoordinatorResponseCoordinator {
  return { key, nodeId: -1, host: '', port: -1, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage };
}

/** Creates __consumer_offsets the first time any group is looked up. */
async function ensureOffsetsTopic(broker: BrokerServices): Promise<void> {
  if (broker.metadata.topicsByName.has(GROUP_METADATA_TOPIC)) return;
  const live = broker.metadata.liveBrokers().length;
  const [result] = await broker.controller.createTopics([{
    name: GROUP_METADATA_TOPIC,
    numPartitions: Number(broker.brokerConfig('offsets.topic.num.partitions')),
    replicationFactor: Math.max(1, Math.min(Number(broker.brokerConfig('offsets.topic.replication.factor')), live)),
    configs: { 'cleanup.policy': 'compact', 'segment.bytes': '104857600', 'compression.type': 'producer' },
  }], false);
  if (result.errorCode !== ErrorCode.NONE && result.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) {
    broker.log.warn(`could not create ${GROUP_METADATA_TOPIC}: ${result.errorMessage}`);
  }
}

function coordinatorFor(key: string, keyType: number, broker: BrokerServices): FindCoordinatorResponseCoordinator {
  if (keyType !== GROUP_KEY_TYPE) return unavailable(key, 'Oxbow does not serve transactions yet.');
  if (key === '') return { ...unavailable(key, 'The group id is empty.'), errorCode: ErrorCode.INVALID_GROUP_ID };
  const partition = broker.metadata.partition(GROUP_METADATA_TOPIC, broker.groupCoordinator.partitionFor(key));
  const leader = partition && partition.leader >= 0 ? broker.metadata.brokers.get(partition.leader) : undefined;
  if (!leader || leader.fenced) return unavailable(key, `The coordinator of group ${key} is not available.`);
  return { key, nodeId: leader.brokerId, host: leader.host, port: leader.port, errorCode: ErrorCode.NONE, errorMessage: null };
}

export const findCoordinatorHandler = defineHandler({
  messages: FindCoordinator,
  minVersion: 0,
  maxVersion: 6,
  async handle(request, { apiVersion, broker }) {
    const keyType = request.keyType ?? GROUP_KEY_TYPE;
    if (keyType === GROUP_KEY_TYPE) await ensureOffsetsTopic(broker);
    if (apiVersion >= 4) {
      return { throttleTimeMs: 0, coordinators: (request.coordinatorKeys ?? []).map((key) => coordinatorFor(key, keyType, broker)) };
    }
    const c = coordinatorFor(request.key ?? '', keyType, broker);
    return { throttleTimeMs: 0, errorCode: c.errorCode, errorMessage: c.errorMessage, nodeId: c.nodeId, host: c.host, port: c.port };
  },
});
