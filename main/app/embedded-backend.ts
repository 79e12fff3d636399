// Starts the embedded cluster the desktop app hosts, and the backend that serves it to the window.
import { mkdir } from 'node:fs/promises';
import { type ClusterHandle, startCluster } from '../../broker-runtime/index.js';
import { createClusterHost } from '../host/cluster-host.js';
import type { RunningBackend } from './deferred-backend.js';
import { LOOPBACK, chooseBasePort } from './ports.js';
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
  const backend = createClusterHost(cluster, { name: 'Embedded cluster' });
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
