// Broker controls of the embedded cluster, checked before they reach the engine so the user gets
// a clear answer (an unknown broker is NOT_FOUND; pausing a stopped broker is refused) instead of
// the engine's internal error. An external connection answers these with UNSUPPORTED.
import { apiError } from './api-error.js';
import type { BrokerStatus, EmbeddedCluster } from './embedded-cluster.js';

export type BrokerControl = 'stopBroker' | 'killBroker' | 'pauseBroker' | 'resumeBroker' | 'startBroker' | 'restartBroker';

export async function controlBroker(cluster: EmbeddedCluster, control: BrokerControl, brokerId: number): Promise<void> {
  const broker = findBroker(cluster, brokerId);
  switch (control) {
    case 'stopBroker':
      return cluster.stopBroker(brokerId);
    case 'killBroker':
      return cluster.killBroker(brokerId);
    case 'pauseBroker':
      if (broker.state !== 'running' && broker.state !== 'paused') {
        throw apiError('UNAVAILABLE', `Broker ${brokerId} is ${broker.state}: only a running broker can be paused.`);
      }
      return cluster.pauseBroker(brokerId);
    case 'resumeBroker':
      // The engine resumes only a paused broker and leaves any other as it is, as the user meant.
      return cluster.resumeBroker(brokerId);
    case 'startBroker':
      requireCoordinator(cluster, 'start a broker');
      return cluster.startBroker(brokerId);
    case 'restartBroker':
      requireCoordinator(cluster, 'restart a broker');
      await cluster.stopBroker(brokerId);
      return cluster.startBroker(brokerId);
  }
}

export function requireCoordinator(cluster: EmbeddedCluster, what: string): void {
  // A starting broker registers with the coordinator first; without one it could only fail.
  if (!cluster.coordinatorRunning()) throw apiError('UNAVAILABLE', `The coordinator is down: restart it before you ${what}.`);
}

function findBroker(cluster: EmbeddedCluster, brokerId: number): BrokerStatus {
  const brokers = cluster.brokerStatus();
  const broker = brokers.find((b) => b.id === brokerId);
  if (!broker) {
    const ids = brokers.map((b) => b.id).join(', ');
    throw apiError('NOT_FOUND', `There is no broker ${brokerId} in this cluster (its brokers: ${ids || 'none'}).`);
  }
  return broker;
}
