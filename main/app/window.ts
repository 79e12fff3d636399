// The main window. Its webPreferences follow Electron's security checklist: the page runs
// sandboxed and isolated from the preload, with no Node.js, and sees the backend only as the
// contract functions the preload exposes (`window.oxbow`).
import { BrowserWindow, type WebPreferences } from 'electron';
import { APP_ENTRY_URL } from './app-protocol.js';

export function secureWebPreferences(preload: string, devTools: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export interface MainWindowOptions {
  preload: string;
  devTools: boolean;
  onLoadFailed: (err: unknown) => void;
}

export function createMainWindow({ preload, devTools, onLoadFailed }: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Oxbow',
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    // Shown once painted, so the user never sees an empty frame.
    show: false,
    webPreferences: secureWebPreferences(preload, devTools),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch(onLoadFailed);
  return window;
}

/** Brings the window forward (a second launch of the app lands here). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
