// The main window follows Electron's security checklist.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const state = {
    instances: [] as { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[],
    load: (): Promise<void> => Promise.resolve(),
  };
  class BrowserWindow {
    loadURL = vi.fn(() => state.load());
    once = vi.fn();
    constructor(readonly options: Record<string, unknown>) {
      state.instances.push(this);
    }
  }
  return { BrowserWindow, state };
});
vi.mock('electron', () => ({ BrowserWindow: electron.BrowserWindow }));

const { createMainWindow } = await import('../../../main/app/window.js');

describe('main window', () => {
  beforeEach(() => {
    electron.state.instances.length = 0;
    electron.state.load = () => Promise.resolve();
  });

  it('is sandboxed, context-isolated, without Node.js, webviews or insecure content', () => {
    createMainWindow({ preload: '/app/dist/preload/preload.cjs', devTools: false, onLoadFailed: vi.fn() });
    const prefs = electron.state.instances[0].options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      devTools: false,
    });
  });

  it("loads the app's own page over the app protocol, never a remote or file:// URL", () => {
    createMainWindow({ preload: '/p.cjs', devTools: true, onLoadFailed: vi.fn() });
    const { loadURL } = electron.state.instances[0];
    expect(loadURL).toHaveBeenCalledTimes(1);
    expect(loadURL).toHaveBeenCalledWith('oxbow://app/index.html');
  });

  it('reports a failed load instead of leaving a rejected promise', async () => {
    const failure = new Error('ERR_FILE_NOT_FOUND');
    electron.state.load = () => Promise.reject(failure);
    const onLoadFailed = vi.fn();
    createMainWindow({ preload: '/p.cjs', devTools: false, onLoadFailed });
    await vi.waitFor(() => expect(onLoadFailed).toHaveBeenCalledWith(failure));
  });
});
