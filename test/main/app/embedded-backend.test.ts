// Starting the embedded cluster for the app: the data directory, the ports, the retry on a port
// taken meanwhile, and a close that stops the host before the cluster.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterHandle } from '../../../broker-runtime/index.js';
import { deferredHandlers } from '../../../main/app/deferred-backend.js';
import type { RunningBackend } from '../../../main/app/deferred-backend.js';
import { type StartCluster, startEmbeddedBackend } from '../../../main/app/embedded-backend.js';
import { dispatch } from '../../../main/host/api-dispatcher.js';

vi.mock('electron', () => ({}));
const host = vi.hoisted(() => ({ close: vi.fn(async () => {}), created: [] as unknown[] }));
vi.mock('../../../main/host/cluster-host.js', () => ({
  createClusterHost: (cluster: unknown) => {
    host.created.push(cluster);
    return { close: host.close };
  },
}));

let dir: string;
const order: string[] = [];

function fakeStart(failures: unknown[] = []) {
  return vi.fn(async () => {
    const failure = failures.shift();
    if (failure) throw failure;
    return { close: vi.fn(async () => void order.push('cluster')) } as unknown as ClusterHandle;
  }) as unknown as StartCluster & ReturnType<typeof vi.fn>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'oxbow-app-'));
  order.length = 0;
  host.created.length = 0;
  host.close.mockReset().mockImplementation(async () => void order.push('host'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('embedded backend', () => {
  it('creates the data directory and starts the brokers on the preferred ports when free', async () => {
    const start = fakeStart();
    const port = await freePort();
    const dataDir = path.join(dir, 'userData', 'cluster');
    await startEmbeddedBackend({ brokers: 1, kafkaPort: port }, dataDir, vi.fn(), start);
    expect(existsSync(dataDir)).toBe(true);
    expect(start).toHaveBeenCalledWith({ brokers: 1, dataDir, host: '127.0.0.1', port });
    expect(host.created).toHaveLength(1);
  });

  it('takes free ports when the preferred ones are in use', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
    try {
      const taken = (server.address() as net.AddressInfo).port;
      const start = fakeStart();
      const log = vi.fn();
      await startEmbeddedBackend({ brokers: 1, kafkaPort: taken }, dir, log, start);
      expect(start).toHaveBeenCalledWith(expect.objectContaining({ port: 0 }));
      expect(log).toHaveBeenCalledWith(expect.stringContaining('in use'));
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('retries on free ports when a port is taken between the probe and the start, and only then', async () => {
    const port = await freePort();
    const inUse = Object.assign(new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${port}`), { code: 'EADDRINUSE' });
    const start = fakeStart([inUse]);
    await startEmbeddedBackend({ brokers: 1, kafkaPort: port }, dir, vi.fn(), start);
    expect(start.mock.calls.map(([options]) => (options as { port: number }).port)).toEqual([port, 0]);

    const other = fakeStart([new Error('metadata log is corrupt')]);
    await expect(startEmbeddedBackend({ brokers: 1, kafkaPort: 0 }, dir, vi.fn(), other)).rejects.toThrow('corrupt');
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('closes the host, then the cluster', async () => {
    const running = await startEmbeddedBackend({ brokers: 1, kafkaPort: 0 }, dir, vi.fn(), fakeStart());
    await running.close();
    expect(order).toEqual(['host', 'cluster']);
  });
});

describe('calls made while the cluster starts', () => {
  it('wait for the backend, and answer UNAVAILABLE if it never starts', async () => {
    let started!: (running: RunningBackend) => void;
    const listBrokers = vi.fn(async () => []);
    const handlers = deferredHandlers(new Promise<RunningBackend>((resolve) => (started = resolve)));
    const answer = dispatch(handlers, 'listBrokers', {});
    started({ backend: { listBrokers } as unknown as RunningBackend['backend'], close: async () => {} });
    await expect(answer).resolves.toEqual({ ok: true, result: [] });
    expect(listBrokers).toHaveBeenCalledWith({});

    const failed = deferredHandlers(Promise.reject(new Error('ports exhausted')));
    await expect(dispatch(failed, 'listBrokers', {})).resolves.toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The embedded cluster did not start: ports exhausted' },
    });
  });
});
