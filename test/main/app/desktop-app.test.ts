// The app's lifecycle against a mocked Electron: one instance, the cluster started on launch with
// its data under userData, a secure window wired to IPC and pushes, and a quit that closes the
// cluster once.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, PUSH_CHANNEL, channelOf } from '../../../main/contract/index.js';
import type { PushEvent } from '../../../main/contract/index.js';
import type { RunningBackend } from '../../../main/app/deferred-backend.js';

// One module object for every test (vitest keeps a mock's exports); each launch refills it.
const mocked = vi.hoisted(() => ({}) as Record<string, unknown>);
vi.mock('electron', () => mocked);

function makeElectron(userData: string, gotLock: boolean) {
  const windows: FakeWindow[] = [];
  class FakeWindow extends EventEmitter {
    webContents = { id: 41, isDestroyed: () => false, send: vi.fn(), executeJavaScript: vi.fn(async () => undefined) };
    loadURL = vi.fn(async () => {});
    isMinimized = vi.fn(() => true);
    restore = vi.fn();
    isVisible = vi.fn(() => true);
    show = vi.fn();
    focus = vi.fn();
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      windows.push(this);
    }
  }
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    setName: vi.fn(),
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => gotLock),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn((name: string) => (name === 'userData' ? userData : '/nowhere')),
    getVersion: () => '0.1.0',
    setAboutPanelOptions: vi.fn(),
    showAboutPanel: vi.fn(),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  return {
    windows,
    app,
    BrowserWindow: FakeWindow,
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showErrorBox: vi.fn() },
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    net: { fetch: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), protocol: { handle: vi.fn() } } },
    shell: { openExternal: vi.fn(async () => {}) },
  };
}

type Electron = ReturnType<typeof makeElectron>;
let userData: string;
let electron: Electron;

function fakeBackend() {
  const listeners: ((event: PushEvent) => void)[] = [];
  const backend = Object.fromEntries(API_METHODS.map((m) => [m, vi.fn(async () => null)])) as Record<string, ReturnType<typeof vi.fn>>;
  Object.assign(backend, {
    subscribe: vi.fn((listener: (event: PushEvent) => void) => {
      listeners.push(listener);
      return () => {};
    }),
    close: vi.fn(async () => {}),
  });
  const running = { backend, close: vi.fn(async () => {}) };
  return { running: running as unknown as RunningBackend & { close: ReturnType<typeof vi.fn> }, backend, push: (e: PushEvent) => listeners.forEach((l) => l(e)) };
}

async function launch({ gotLock = true, startBackend = vi.fn(async () => fakeBackend().running as RunningBackend), argv = [] as string[] } = {}) {
  electron = makeElectron(userData, gotLock);
  Object.assign(mocked, electron);
  vi.resetModules();
  const { runDesktopApp } = await import('../../../main/app/desktop-app.js');
  runDesktopApp({ startBackend, argv, env: {}, log: vi.fn() });
  return { startBackend };
}

function beforeQuit(): boolean {
  const event = { preventDefault: vi.fn() };
  electron.app.emit('before-quit', event);
  return event.preventDefault.mock.calls.length > 0;
}

describe('desktop app lifecycle', () => {
  beforeEach(async () => {
    userData = await mkdtemp(path.join(os.tmpdir(), 'oxbow-userdata-'));
  });
  afterEach(async () => {
    await rm(userData, { recursive: true, force: true });
  });

  it('quits at once when another instance holds the lock, starting nothing', async () => {
    const { startBackend } = await launch({ gotLock: false });
    expect(electron.app.quit).toHaveBeenCalledTimes(1);
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(startBackend).not.toHaveBeenCalled();
    expect(electron.windows).toHaveLength(0);
  });

  it('starts the cluster with 3 brokers from 9092 under userData/cluster, and opens one secure window', async () => {
    const { startBackend } = await launch();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    expect(startBackend).toHaveBeenCalledWith({ brokers: 3, kafkaPort: 9092 }, path.join(userData, 'cluster'));
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledBefore(electron.app.whenReady);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
    expect(electron.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(electron.session.defaultSession.protocol.handle).toHaveBeenCalledWith('oxbow', expect.any(Function));
    const prefs = electron.windows[0].options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(String(prefs.preload)).toMatch(/preload[/\\]preload\.cjs$/);
    expect(electron.windows[0].loadURL).toHaveBeenCalledWith('oxbow://app/index.html');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('takes --brokers and --kafka-port from the command line', async () => {
    const { startBackend } = await launch({ argv: ['electron', 'main.js', '--brokers=1', '--kafka-port=19092'] });
    await vi.waitFor(() => expect(startBackend).toHaveBeenCalledWith({ brokers: 1, kafkaPort: 19092 }, path.join(userData, 'cluster')));
  });

  it('focuses the window when a second instance is launched', async () => {
    await launch();
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    electron.app.emit('second-instance');
    expect(electron.windows[0].restore).toHaveBeenCalled();
    expect(electron.windows[0].focus).toHaveBeenCalled();
  });

  it('answers IPC from its window and forwards pushed events to it', async () => {
    const { running, backend, push } = fakeBackend();
    await launch({ startBackend: vi.fn(async () => running) });
    await vi.waitFor(() => expect(backend.subscribe).toHaveBeenCalled());
    const handlers = new Map(electron.ipcMain.handle.mock.calls as [string, (...args: unknown[]) => Promise<unknown>][]);
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
    const window = electron.windows[0];
    const event = { sender: window.webContents, senderFrame: { url: 'oxbow://app/index.html#/brokers', parent: null } };
    await expect(handlers.get(channelOf('stopBroker'))!(event, { brokerId: 2 })).resolves.toEqual({ ok: true, result: null });
    expect(backend.stopBroker).toHaveBeenCalledWith({ brokerId: 2 });

    push({ kind: 'changed', what: 'brokers' });
    expect(window.webContents.send).toHaveBeenCalledWith(PUSH_CHANNEL, { kind: 'changed', what: 'brokers' });
  });

  it('closes the cluster once on quit, then quits; a quit after that goes through', async () => {
    const { running } = fakeBackend();
    await launch({ startBackend: vi.fn(async () => running) });
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1));
    expect(beforeQuit()).toBe(true);
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalledTimes(1));
    expect(running.close).toHaveBeenCalledTimes(1);
    expect(beforeQuit()).toBe(false);
    expect(running.close).toHaveBeenCalledTimes(1);
    expect(electron.app.exit).not.toHaveBeenCalled();
  });

  it('says so and exits when the cluster cannot start', async () => {
    await launch({ startBackend: vi.fn(async () => Promise.reject(new Error('data directory is locked'))) });
    await vi.waitFor(() => expect(electron.app.exit).toHaveBeenCalledWith(1));
    expect(electron.dialog.showErrorBox).toHaveBeenCalledWith(expect.any(String), 'data directory is locked');
  });

  it('hardens every web contents it creates', async () => {
    await launch();
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() });
    electron.app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledTimes(1);
    expect(contents.listenerCount('will-navigate')).toBe(1);
  });
});
