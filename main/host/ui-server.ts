// The web UI for `oxbow serve`: the cluster host behind the headless HTTP host, on 127.0.0.1.
// Injected into the engine's command line by ./oxbow-cli.ts.
import path from 'node:path';
import type { UiServer, UiStarter } from '../../broker-runtime/index.js';
import { createClusterHost } from './cluster-host.js';
import { SECRETS_FILE, fileSecretStore } from './connections/index.js';
import { startHttpHost } from './http-host.js';

/**
 * Vite builds the renderer into dist/renderer. This module runs from dist/main/host when built and
 * from main/host under tsx; either way the UI is the built one.
 */
export function rendererDir(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  return path.resolve(import.meta.dirname, fromSource ? '../../dist/renderer' : '../../renderer');
}

export const startUiServer: UiStarter = async (cluster, { port }): Promise<UiServer> => {
  const stateDir = path.join(cluster.dataDir, 'ui');
  // Headless there is no OS keychain to ask: SASL passwords are kept in a file only the user can
  // read (0600), unencrypted. Private, not encrypted (README, "Connections").
  const backend = createClusterHost(cluster, { stateDir, secrets: fileSecretStore(path.join(stateDir, SECRETS_FILE)) });
  try {
    const http = await startHttpHost({ backend, host: '127.0.0.1', port, staticDir: rendererDir() });
    return {
      url: http.url,
      async close() {
        await http.close();
        await backend.close();
      },
    };
  } catch (err) {
    await backend.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(`port ${port} for the web UI is in use: pass --ui-port <port> (0 picks a free one), or --no-ui.`);
    }
    throw err;
  }
};
