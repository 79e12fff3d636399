// The desktop app's main process end to end, with only Electron mocked: the real embedded
// cluster starts under userData/cluster, a call from the window goes through IPC to the real host,
// and quitting closes the cluster before the app quits.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../../main/contract/index.js';
import type { ConnectionInfo, HttpAnswer } from '../../../main/contract/index.js';
import type { RunningBackend } from '../../../main/app/deferred-backend.js';

const electron = vi.hoisted(() => ({}) as Record<string, unknown>);
vi.mock('electron', () => electron);

describe('desktop app with the real embedded cluster (Electron mocked)', () => {
  let userData: string;
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setName: vi.fn(),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getPath: () => userData,
    getVersion: () => '0.1.0',
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const handlers = new Map<string, (...args: unknown[]) => Promise<HttpAnswer<unknown>>>();
  const webContents = { id: 1, isDestroyed: () => false, send: vi.fn() };
  let running: RunningBackend | undefined;
  let closeCluster: ReturnType<typeof vi.fn<() => Promise<void>>>;

  beforeAll(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'oxbow-desktop-'));
    Object.assign(electron, {
      app,
      BrowserWindow: class extends EventEmitter {
        webContents = webContents;
        loadURL = async () => {};
      },
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
      dialog: { showErrorBox: vi.fn() },
      ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => Promise<HttpAnswer<unknown>>) => handlers.set(channel, handler), removeHandler: vi.fn() },
      net: { fetch: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn() },
      session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), protocol: { handle: vi.fn() } } },
      shell: { openExternal: vi.fn() },
    });
    const { runDesktopApp } = await import('../../../main/app/desktop-app.js');
    const { startEmbeddedBackend } = await import('../../../main/app/embedded-backend.js');
    runDesktopApp({
      argv: ['--brokers=1', '--kafka-port=0'],
      env: {},
      log: vi.fn(),
      startBackend: async (settings, dataDir) => {
        running = await startEmbeddedBackend(settings, dataDir, vi.fn());
        const close = running.close.bind(running);
        closeCluster = vi.fn(close);
        running.close = closeCluster;
        return running;
      },
    });
    await vi.waitFor(() => expect(running).toBeDefined(), { timeout: 30_000 });
  }, 60_000);

  afterAll(async () => {
    if (running && closeCluster.mock.calls.length === 0) await running.close();
    await rm(userData, { recursive: true, force: true });
  });

  it('answers the window over IPC from the cluster it started under userData/cluster', async () => {
    const event = { sender: webContents, senderFrame: { url: 'oxbow://app/index.html', parent: null } };
    const answer = await handlers.get(channelOf('getConnection'))!(event, {});
    expect(answer.ok).toBe(true);
    const connection = (answer as { result: ConnectionInfo }).result;
    expect(connection.kind).toBe('embedded');
    expect(connection.dataDir).toBe(path.join(userData, 'cluster'));
    expect(connection.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(existsSync(path.join(userData, 'cluster'))).toBe(true);
  });

  it('closes the cluster once when quitting, then quits', async () => {
    const event = { preventDefault: vi.fn() };
    app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1), { timeout: 30_000 });
    expect(closeCluster).toHaveBeenCalledTimes(1);
    expect(app.exit).not.toHaveBeenCalled();
  }, 60_000);
});
