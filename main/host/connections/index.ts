// Connections: the embedded cluster and external Kafka clusters, and which one is selected.
//
// The embedded cluster is always listed first, with the id 'embedded', and cannot be edited or
// removed. External connections are saved in ./connection-store.ts, their passwords in a
// SecretStore (./secret-store.ts). Selecting one connects to it first (a cluster that does not
// answer is not selected), then switches the host's context (./selection.ts) and tells every
// screen to refetch.
//
// NB: the selection is not remembered across restarts: the app starts on the embedded cluster.
import { randomBytes } from 'node:crypto';
import { access, constants } from 'node:fs/promises';
import type { ConnectionInfo, ConnectionSummary, PushEvent } from '../../contract/index.js';
import { AdminSession } from '../admin-session.js';
import type { ApiHandlers } from '../api-dispatcher.js';
import { ApiError, apiError } from '../api-error.js';
import type { Closable, HostContext, KafkaClientConfig } from '../host-context.js';
import { KafkaTopics } from '../kafka-topics.js';
import { inputClientConfig, kafkajsSecurity, storedClientConfig } from './client-config.js';
import { EMBEDDED_ID, normalizeConnection } from './connection-input.js';
import { ConnectionStore, type StoredConnection } from './connection-store.js';
import { type ProbeOptions, describeConnectionError, probeConnection } from './connection-test.js';
import { ExternalCluster } from './external-cluster.js';
import type { ActiveConnection, ConnectionSelection } from './selection.js';
import type { SecretStore } from './secret-store.js';

export { EMBEDDED_ID } from './connection-input.js';
export { ConnectionSelection, type ActiveConnection, selectedContext } from './selection.js';
export { type SecretCipher, type SecretStore, SECRETS_FILE, fileSecretStore, memorySecretStore } from './secret-store.js';

export type ConnectionMethods = Pick<ApiHandlers, 'listConnections' | 'saveConnection' | 'testConnection' | 'removeConnection' | 'selectConnection'>;

export interface ConnectionDeps {
  selection: ConnectionSelection;
  secrets: SecretStore;
  probe?: ProbeOptions;
}

/** What every screen shows changes with the connection: all of it is refetched. */
const SWITCH_PUSHES: PushEvent[] = (['connections', 'topics', 'groups', 'brokers'] as const).map((what) => ({ kind: 'changed', what }));

export function createConnectionMethods(ctx: HostContext, { selection, secrets, probe }: ConnectionDeps): ConnectionMethods & Closable {
  const store = new ConnectionStore(ctx.stateDir);
  // Invariant: saves, removals and selections run one at a time, so a selection never races the
  // edit or removal of the connection it selects.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => {});
    return next;
  };
  const publish = (events: PushEvent[]) => events.forEach((e) => ctx.hub.publish(e));

  const find = async (id: string): Promise<StoredConnection> => {
    const stored = await store.find(id);
    if (!stored) throw apiError('NOT_FOUND', `There is no connection with id ${id}.`);
    return stored;
  };

  const connect = async (stored: StoredConnection): Promise<ActiveConnection> => {
    const config = await storedClientConfig(stored, secrets);
    const session = new AdminSession({ bootstrap: config.brokers.join(','), ...kafkajsSecurity(config) });
    let clusterId: string;
    try {
      ({ clusterId } = await session.use((admin) => admin.describeCluster()));
    } catch (err) {
      await session.close();
      throw apiError('UNAVAILABLE', `${stored.name} cannot be used: ${describeConnectionError(err, config)}`);
    }
    const info: ConnectionInfo = { kind: 'external', name: stored.name, bootstrap: stored.bootstrap, clusterId, dataDir: null };
    return {
      id: stored.id,
      info: () => info,
      kafka: () => config,
      session,
      topics: new KafkaTopics(session),
      external: new ExternalCluster(session, ctx.clock, ctx.log),
    };
  };

  const select = async (id: string): Promise<ConnectionInfo> => {
    selection.switchTo(id === EMBEDDED_ID ? selection.embedded : await connect(await find(id)));
    publish(SWITCH_PUSHES);
    return selection.current().info();
  };

  const summary = async (c: StoredConnection, selectedId: string): Promise<ConnectionSummary> => ({
    id: c.id,
    name: c.name,
    kind: 'external',
    bootstrap: c.bootstrap,
    sasl: c.sasl && { ...c.sasl, hasPassword: await secrets.has(c.id) },
    tls: c.tls && { enabled: true, ...c.tls },
    selected: selectedId === c.id,
  });

  return {
    async listConnections() {
      const selectedId = selection.current().id;
      const embedded = selection.embedded.info();
      const saved = await store.list();
      return [
        { id: EMBEDDED_ID, name: embedded.name, kind: 'embedded', bootstrap: embedded.bootstrap, sasl: null, tls: null, selected: selectedId === EMBEDDED_ID },
        ...(await Promise.all(saved.map((c) => summary(c, selectedId)))),
      ];
    },

    saveConnection: ({ id, connection: input }) => serially(async () => {
      if (id === EMBEDDED_ID) throw apiError('UNSUPPORTED', 'The embedded cluster’s connection is part of the app: it cannot be edited.');
      const saved = await store.list();
      if (id !== undefined && !saved.some((c) => c.id === id)) throw apiError('NOT_FOUND', `There is no connection with id ${id}.`);
      const connectionId = id ?? newConnectionId(input.name);
      const { connection, password } = normalizeConnection(input, {
        id: connectionId,
        otherNames: [selection.embedded.info().name, ...saved.filter((c) => c.id !== connectionId).map((c) => c.name)],
        hasStoredPassword: await secrets.has(connectionId),
      });
      if (connection.tls?.caFile) await requireReadable(connection.tls.caFile);
      // The secret first: a crash in between leaves an unused secret, never a connection without its password.
      if (password.kind === 'set') await secrets.set(connectionId, password.password);
      if (password.kind === 'remove') await secrets.delete(connectionId);
      await store.put(connection);
      publish([{ kind: 'changed', what: 'connections' }]);
      if (selection.current().id === connectionId) await reconnectEdited(connection);
      return { id: connectionId };
    }),

    async testConnection({ id, connection }) {
      let config: KafkaClientConfig;
      try {
        if (connection) {
          // The same rules as saving, except that a test may go without a password.
          normalizeConnection(connection, { id: 'unsaved', otherNames: [], hasStoredPassword: true });
          config = await inputClientConfig(connection);
        } else if (id === EMBEDDED_ID) {
          config = selection.embedded.kafka();
        } else {
          config = await storedClientConfig(await find(id!), secrets);
        }
      } catch (err) {
        // A missing CA file or password is the test's answer, not a failed call.
        if (err instanceof ApiError && err.body.code === 'INVALID_ARGUMENT' && !err.body.issues) {
          return { ok: false, clusterId: null, brokers: 0, latencyMs: 0, error: err.message };
        }
        throw err;
      }
      return probeConnection(config, { clock: ctx.clock, ...probe });
    },

    removeConnection: ({ id }) => serially(async () => {
      if (id === EMBEDDED_ID) throw apiError('UNSUPPORTED', 'The embedded cluster is always there: it cannot be removed.');
      await find(id);
      const wasSelected = selection.current().id === id;
      if (wasSelected) selection.switchTo(selection.embedded);
      await store.remove(id);
      await secrets.delete(id);
      publish(wasSelected ? SWITCH_PUSHES : [{ kind: 'changed', what: 'connections' }]);
      return null;
    }),

    selectConnection: ({ id }) => serially(() => select(id)),

    close: async () => {
      await queue;
    },
  };

  /** The selected connection was edited: its clients are rebuilt with the new settings. */
  async function reconnectEdited(connection: StoredConnection): Promise<void> {
    try {
      await select(connection.id);
    } catch (err) {
      selection.switchTo(selection.embedded);
      publish(SWITCH_PUSHES);
      const reason = err instanceof Error ? err.message : String(err);
      throw apiError('UNAVAILABLE', `Saved, but ${reason} The embedded cluster is selected again.`);
    }
  }
}

/** Readable from the name, unique by its suffix, and never 'embedded'. */
function newConnectionId(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'cluster';
  return `${slug}-${randomBytes(3).toString('hex')}`;
}

async function requireReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch {
    const message = `The CA file ${file} cannot be read.`;
    throw new ApiError({ code: 'INVALID_ARGUMENT', message, issues: [{ path: 'connection.tls.caFile', message }] });
  }
}
