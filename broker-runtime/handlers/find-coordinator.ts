// FindCoordinator (key 10): versions 0-4.
// - v0: a group key only; v1-3: Key + KeyType (0 group, 1 transaction); v4+ (KIP-699): a batch of
//   keys answered per key. v3+ flexible.
// - librdkafka 2.0.2 turns on LZ4 and group support only when it sees FindCoordinator v0 advertised
//   (CLIENTS.md 2.3), so this API is listed even before groups are served.
// NB: every group is coordinated by the broker that is asked until consumer groups land (they will
//   map a group to the leader of its __consumer_offsets partition). Transactions are not
//   implemented: transactional keys get COORDINATOR_NOT_AVAILABLE.
import { ErrorCode } from '../protocol/error-codes.js';
import { FindCoordinator, type FindCoordinatorResponseCoordinator } from '../protocol/generated/find-coordinator.js';
import type { BrokerServices } from '../server/broker-services.js';
import { defineHandler } from './handler.js';

const GROUP_KEY_TYPE = 0;

function coordinatorFor(key: string, keyType: number, broker: BrokerServices): FindCoordinatorResponseCoordinator {
  const self = broker.metadata.brokers.get(broker.brokerId);
  if (keyType !== GROUP_KEY_TYPE || !self) {
    const errorMessage = keyType !== GROUP_KEY_TYPE ? 'Oxbow does not serve transactions yet.' : 'The broker is not registered yet.';
    return { key, nodeId: -1, host: '', port: -1, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage };
  }
  return { key, nodeId: self.brokerId, host: self.host, port: self.port, errorCode: ErrorCode.NONE, errorMessage: null };
}

export const findCoordinatorHandler = defineHandler({
  messages: FindCoordinator,
  minVersion: 0,
  maxVersion: 4,
  handle(request, { apiVersion, broker }) {
    const keyType = request.keyType ?? GROUP_KEY_TYPE;
    if (apiVersion >= 4) {
      return { throttleTimeMs: 0, coordinators: (request.coordinatorKeys ?? []).map((key) => coordinatorFor(key, keyType, broker)) };
    }
    const c = coordinatorFor(request.key ?? '', keyType, broker);
    return { throttleTimeMs: 0, errorCode: c.errorCode, errorMessage: c.errorMessage, nodeId: c.nodeId, host: c.host, port: c.port };
  },
});
