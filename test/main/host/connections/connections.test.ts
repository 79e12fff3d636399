// The connection methods on their own: a saved list with the embedded cluster first, secrets that
// go in and never come out, validation, and a selection that switches what the host's context
// hands out. Selecting needs a cluster that answers: one real single-broker Oxbow cluster.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startCluster } from '../../../../broker-runtime/index.js';
import type { ConnectionInput, PushEvent } from '../../../../main/contract/index.js';
import { AdminSession } from '../../../../main/host/admin-session.js';
import { dispatch } from '../../../../main/host/api-dispatcher.js';
import { CONNECTIONS_FILE } from '../../../../main/host/connections/connection-store.js';
import {
  ConnectionSelection, EMBEDDED_ID, type SecretCipher, createConnectionMethods, fileSecretStore, selectedContext,
} from '../../../../main/host/connections/index.js';
import type { EmbeddedCluster } from '../../../../main/host/embedded-cluster.js';
import type { HostContext } from '../../../../main/host/host-context.js';
import { KafkaTopics } from '../../../../main/host/kafka-topics.js';
import { PushHub } from '../../../../main/host/push-hub.js';

const sealing: SecretCipher = {
  scheme: 'test-base64',
  encrypt: async (s) => Buffer.from(`sealed ${s}`).toString('base64'),
  decrypt: async (s) => Buffer.from(s, 'base64').toString().slice('sealed '.length),
};

let external: EmbeddedCluster;
beforeAll(async () => {
  external = await startCluster({ brokers: 1 });
});
afterAll(async () => {
  await external?.close();
});

const fakeEmbedded = { bootstrap: '127.0.0.1:1', clusterId: 'embedded-id', dataDir: '/nowhere' } as unknown as EmbeddedCluster;

let dir: string;
let pushed: PushEvent[];
let selection: ConnectionSelection;
let embeddedSession: AdminSession;
let ctx: HostContext;
let methods: ReturnType<typeof createConnectionMethods>;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-conn-methods-'));
  pushed = [];
  const hub = new PushHub();
  hub.subscribe((e) => pushed.push(e));
  // Never connected: the embedded cluster here is a stand-in nothing calls.
  embeddedSession = new AdminSession({ bootstrap: fakeEmbedded.bootstrap });
  selection = new ConnectionSelection({
    id: EMBEDDED_ID,
    info: () => ({ kind: 'embedded', name: 'Embedded cluster', bootstrap: fakeEmbedded.bootstrap, clusterId: 'embedded-id', dataDir: '/nowhere' }),
    kafka: () => ({ connectionId: EMBEDDED_ID, brokers: [fakeEmbedded.bootstrap], sasl: null, tls: null }),
    session: embeddedSession,
    topics: new KafkaTopics(embeddedSession),
    external: null,
  });
  ctx = { ...selectedContext(selection, fakeEmbedded), hub, stateDir: path.join(dir, 'ui'), clock: Date.now, log: () => {} };
  methods = createConnectionMethods(ctx, { selection, secrets: fileSecretStore(path.join(dir, 'ui', 'secrets.json'), sealing), probe: { timeoutMs: 5_000 } });
});

afterEach(async () => {
  await methods.close();
  await selection.close();
  await embeddedSession.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const withSasl: ConnectionInput = {
  name: 'Production',
  bootstrap: 'kafka.example.com:9093',
  sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'correct horse battery staple' },
  tls: { enabled: true, caFile: null, rejectUnauthorized: true },
};

describe('saved connections', () => {
  it('lists the embedded cluster first, selected, and saved ones after it', async () => {
    const { id } = await methods.saveConnection({ connection: { name: 'Local copy', bootstrap: external.bootstrap } });
    expect(id).toMatch(/^local-copy-[0-9a-f]{6}$/);
    expect(await methods.listConnections({})).toEqual([
      { id: 'embedded', name: 'Embedded cluster', kind: 'embedded', bootstrap: '127.0.0.1:1', sasl: null, tls: null, selected: true },
      { id, name: 'Local copy', kind: 'external', bootstrap: external.bootstrap, sasl: null, tls: null, selected: false },
    ]);
    expect(pushed).toEqual([{ kind: 'changed', what: 'connections' }]);
  });

  it('keeps the password out of listConnections and out of the store file, sealed in the secret store', async () => {
    const { id } = await methods.saveConnection({ connection: withSasl });
    const listed = await methods.listConnections({});
    expect(listed[1]).toMatchObject({ id, sasl: { mechanism: 'scram-sha-512', username: 'app', hasPassword: true }, tls: { enabled: true, caFile: null, rejectUnauthorized: true } });
    expect(JSON.stringify(listed)).not.toContain('correct horse');
    const files = fs.readdirSync(path.join(dir, 'ui'));
    expect(files.sort()).toEqual([CONNECTIONS_FILE, 'secrets.json']);
    for (const file of files) expect(fs.readFileSync(path.join(dir, 'ui', file), 'utf8')).not.toContain('correct horse');
  });

  it('keeps the stored password on an edit without one, and forgets it when SASL is turned off', async () => {
    const { id } = await methods.saveConnection({ connection: withSasl });
    const { password: _typed, ...sasl } = withSasl.sasl!;
    await methods.saveConnection({ id, connection: { ...withSasl, name: 'Prod', sasl } });
    expect((await methods.listConnections({}))[1]).toMatchObject({ name: 'Prod', sasl: { hasPassword: true } });
    await methods.saveConnection({ id, connection: { ...withSasl, sasl: null } });
    expect((await methods.listConnections({}))[1].sasl).toBeNull();
    await expect(methods.saveConnection({ id, connection: { ...withSasl, sasl } })).rejects.toMatchObject({ body: { code: 'INVALID_ARGUMENT', issues: [{ path: 'connection.sasl.password' }] } });
  });

  it('refuses to edit or remove the embedded cluster, and answers NOT_FOUND for an unknown id', async () => {
    await expect(methods.saveConnection({ id: 'embedded', connection: withSasl })).rejects.toMatchObject({ body: { code: 'UNSUPPORTED' } });
    await expect(methods.removeConnection({ id: 'embedded' })).rejects.toMatchObject({ body: { code: 'UNSUPPORTED' } });
    await expect(methods.saveConnection({ id: 'gone', connection: withSasl })).rejects.toMatchObject({ body: { code: 'NOT_FOUND' } });
    await expect(methods.removeConnection({ id: 'gone' })).rejects.toMatchObject({ body: { code: 'NOT_FOUND' } });
    await expect(methods.selectConnection({ id: 'gone' })).rejects.toMatchObject({ body: { code: 'NOT_FOUND' } });
  });

  it('refuses a name already taken (the embedded cluster’s too) and a CA file it cannot read', async () => {
    await expect(methods.saveConnection({ connection: { name: 'embedded CLUSTER', bootstrap: 'k:9092' } })).rejects.toMatchObject({ body: { code: 'INVALID_ARGUMENT' } });
    const missing = path.join(dir, 'no-ca.pem');
    await expect(methods.saveConnection({ connection: { name: 'T', bootstrap: 'k:9092', tls: { enabled: true, caFile: missing } } }))
      .rejects.toMatchObject({ body: { code: 'INVALID_ARGUMENT', issues: [{ path: 'connection.tls.caFile', message: `The CA file ${missing} cannot be read.` }] } });
  });

  it('removes a connection and its secret', async () => {
    const { id } = await methods.saveConnection({ connection: withSasl });
    await methods.removeConnection({ id });
    expect((await methods.listConnections({})).map((c) => c.id)).toEqual(['embedded']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'ui', 'secrets.json'), 'utf8')).secrets).toEqual({});
  });
});

describe('testing a connection', () => {
  it('answers the cluster id and broker count of a cluster that answers', async () => {
    const result = await methods.testConnection({ connection: { name: 'x', bootstrap: external.bootstrap } });
    expect(result).toMatchObject({ ok: true, clusterId: external.clusterId, brokers: 1, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('says a port nobody listens on refuses the connection', async () => {
    const port = await closedPort();
    const result = await methods.testConnection({ connection: { name: 'x', bootstrap: `127.0.0.1:${port}` } });
    expect(result).toMatchObject({ ok: false, clusterId: null, brokers: 0 });
    expect(result.error).toBe(`Cannot reach 127.0.0.1:${port}: connection refused. Is the cluster running, and is this its address?`);
  });

  it('says a plaintext listener does not speak TLS', async () => {
    const result = await methods.testConnection({ connection: { name: 'x', bootstrap: external.bootstrap, tls: { enabled: true } } });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/TLS/);
  });

  it('says a cluster without SASL does not offer it', async () => {
    const result = await methods.testConnection({ connection: { name: 'x', bootstrap: external.bootstrap, sasl: { mechanism: 'plain', username: 'u', password: 'p' } } });
    expect(result).toMatchObject({ ok: false, error: `${external.bootstrap} does not offer SASL authentication: turn SASL off for this connection (or check the port).` });
  });

  it('answers a saved connection whose CA file has gone with the reason, not a failed call', async () => {
    const ca = path.join(dir, 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\n');
    const { id } = await methods.saveConnection({ connection: { name: 'T', bootstrap: external.bootstrap, tls: { enabled: true, caFile: ca } } });
    fs.rmSync(ca);
    expect(await methods.testConnection({ id })).toMatchObject({ ok: false, error: `The CA file ${ca} cannot be read: there is no such file.` });
  });

  it('checks an unsaved connection as saving would (through the dispatcher, one or the other argument)', async () => {
    const backend = { testConnection: methods.testConnection } as never;
    expect(await dispatch(backend, 'testConnection', { connection: { name: 'x', bootstrap: 'k:0' } }, () => {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await dispatch(backend, 'testConnection', {}, () => {})).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

describe('selecting a connection', () => {
  it('switches what the context hands out, and back', async () => {
    const { id } = await methods.saveConnection({ connection: { name: 'Second', bootstrap: external.bootstrap } });
    pushed.length = 0;
    const info = await methods.selectConnection({ id });
    expect(info).toEqual({ kind: 'external', name: 'Second', bootstrap: external.bootstrap, clusterId: external.clusterId, dataDir: null });
    expect(ctx.kafka()).toEqual({ connectionId: id, brokers: [external.bootstrap], sasl: null, tls: null });
    expect(ctx.bootstrap()).toBe(external.bootstrap);
    expect(ctx.embedded()).toBeNull();
    expect(ctx.admin()).not.toBe(embeddedSession);
    expect((await ctx.admin().use((admin) => admin.describeCluster())).clusterId).toBe(external.clusterId);
    expect(pushed).toEqual(['connections', 'topics', 'groups', 'brokers'].map((what) => ({ kind: 'changed', what })));
    expect((await methods.listConnections({})).map((c) => [c.id, c.selected])).toEqual([['embedded', false], [id, true]]);

    expect(await methods.selectConnection({ id: 'embedded' })).toMatchObject({ kind: 'embedded', clusterId: 'embedded-id' });
    expect(ctx.kafka().connectionId).toBe('embedded');
    expect(ctx.admin()).toBe(embeddedSession);
    expect(ctx.embedded()).toBe(fakeEmbedded);
  });

  it('stays on the current connection when the chosen one cannot be used', async () => {
    const { id } = await methods.saveConnection({ connection: { name: 'Sasl', bootstrap: external.bootstrap, sasl: { mechanism: 'plain', username: 'u', password: 'p' } } });
    await expect(methods.selectConnection({ id })).rejects.toMatchObject({ body: { code: 'UNAVAILABLE', message: expect.stringContaining('Sasl cannot be used:') } });
    expect(ctx.kafka().connectionId).toBe('embedded');
  });

  it('goes back to the embedded cluster when the selected connection is removed', async () => {
    const { id } = await methods.saveConnection({ connection: { name: 'Second', bootstrap: external.bootstrap } });
    await methods.selectConnection({ id });
    pushed.length = 0;
    await methods.removeConnection({ id });
    expect(ctx.kafka().connectionId).toBe('embedded');
    expect(pushed.map((e) => (e.kind === 'changed' ? e.what : e.kind))).toEqual(['connections', 'topics', 'groups', 'brokers']);
  });

  it('reconnects the selected connection when it is edited', async () => {
    const { id } = await methods.saveConnection({ connection: { name: 'Second', bootstrap: external.bootstrap } });
    await methods.selectConnection({ id });
    const before = ctx.admin();
    await methods.saveConnection({ id, connection: { name: 'Second, renamed', bootstrap: external.bootstrap } });
    expect(ctx.admin()).not.toBe(before);
    expect((await methods.listConnections({}))[1]).toMatchObject({ name: 'Second, renamed', selected: true });
  });
});

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
