// Starts the embedded cluster the desktop app hosts, and the backend that serves it to the window.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type ClusterHandle, startCluster } from '../../broker-runtime/index.js';
import { createClusterHost } from '../host/cluster-host.js';
import type { RunningBackend } from './deferred-backend.js';
import { LOOPBACK, chooseBasePort } from './ports.js';
import { safeStorageSecretStore } from './safe-storage-secrets.js';
import type { ClusterSettings } from './settings.js';

export type StartCluster = typeof startCluster;

export async function startEmbeddedBackend(
  settings: ClusterSettings,
  dataDir: string,
  log: (message: string) => void,
  start: StartCluster = startCluster,
): Promise<RunningBackend> {
  await mkdir(dataDir, { recursive: true });
  const port = await chooseBasePort(settings.kafkaPort, settings.brokers);
  if (port !== settings.kafkaPort) log(`ports ${settings.kafkaPort}..${settings.kafkaPort + settings.brokers - 1} are in use; the brokers take free ports`);
  const options = { brokers: settings.brokers, dataDir, host: LOOPBACK };
  let cluster: ClusterHandle;
  try {
    cluster = await start({ ...options, port });
  } catch (err) {
    // The probe is not a reservation: someone may have bound a port since.
    if (port === 0 || !isAddressInUse(err)) throw err;
    log(`port ${port} was taken while starting; the brokers take free ports`);
    cluster = await start({ ...options, port: 0 });
  }
  // The host's own state (saved connections, lag history) beside the cluster's data; the SASL
  // passwords of external connections encrypted by the OS keychain (./safe-storage-secrets.ts).
  const stateDir = path.join(dataDir, 'ui');
  const backend = createClusterHost(cluster, { name: 'Embedded cluster', stateDir, secrets: safeStorageSecretStore(stateDir) });
  return {
    backend,
    async close() {
      // The host first: its samplers and admin client talk to the brokers being closed.
      await backend.close().catch(() => {});
      await cluster.close();
    },
  };
}

function isAddressInUse(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'EADDRINUSE' || (err instanceof Error && /EADDRINUSE|address already in use/i.test(err.message));
}
