// The desktop app's lifecycle: one instance, the embedded cluster started on launch and closed
// gracefully on quit, one secure window, the menu, and IPC wired to the backend.
//
// Threading: this runs on Electron's main thread, which also drives every window. Nothing here
// does synchronous fs or heavy work; the cluster's brokers and coordinator run in worker threads.
import path from 'node:path';
import { type BrowserWindow, Menu, app, dialog, ipcMain, net, protocol, session, shell } from 'electron';
import { forwardPushEvents } from '../ipc/push-forwarder.js';
import { registerApiHandlers } from '../ipc/api-handlers.js';
import { ownWindowSenderCheck } from '../ipc/sender-check.js';
import { APP_HOST, APP_SCHEME, appProtocolHandler, registerAppScheme } from './app-protocol.js';
import { type RunningBackend, deferredHandlers } from './deferred-backend.js';
import { installGracefulQuit } from './graceful-quit.js';
import { KAFKA_DOCS_URL, buildMenuTemplate, navigationScript } from './menu.js';
import { preloadPath, rendererRoot } from './paths.js';
import { type ClusterSettings, readSettingsFile, resolveSettings } from './settings.js';
import { createMainWindow, focusWindow } from './window.js';
import { denyAllPermissions, hardenWebContents } from './web-security.js';

export interface DesktopAppOptions {
  startBackend(settings: ClusterSettings, dataDir: string): Promise<RunningBackend>;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  log?: (message: string, err?: unknown) => void;
}

const defaultLog = (message: string, err?: unknown) => (err === undefined ? console.warn(`oxbow: ${message}`) : console.error(`oxbow: ${message}:`, err));

export function runDesktopApp({ startBackend, argv, env, log = defaultLog }: DesktopAppOptions): void {
  // Before `ready`, as Electron requires for both.
  app.setName('Oxbow');
  registerAppScheme(protocol);
  app.enableSandbox();
  if (!app.requestSingleInstanceLock()) {
    // Another Oxbow owns the cluster's ports and data directory; it has been told to show itself.
    app.quit();
    return;
  }

  let window: BrowserWindow | null = null;
  let starting: Promise<RunningBackend> | null = null;
  const isDev = !app.isPackaged;
  const contents = () => window?.webContents ?? null;

  const openWindow = (): BrowserWindow => {
    const created = createMainWindow({ preload: preloadPath(), devTools: isDev, onLoadFailed: (err) => log('the window failed to load', err) });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    return created;
  };

  app.on('second-instance', () => {
    if (window) focusWindow(window);
  });
  app.on('web-contents-created', (_event, created) => hardenWebContents(created, (url) => shell.openExternal(url)));
  app.on('window-all-closed', () => {
    // macOS keeps an app (and here its cluster) running without windows.
    if (process.platform !== 'darwin') app.quit();
  });
  installGracefulQuit(app, {
    log,
    shutdown: async () => {
      const running = await starting?.catch(() => null);
      await running?.close();
    },
  });

  const onReady = async () => {
    denyAllPermissions(session.defaultSession);
    session.defaultSession.protocol.handle(APP_SCHEME, appProtocolHandler(rendererRoot(), (url) => net.fetch(url)));

    const userData = app.getPath('userData');
    const { file, warning } = await readSettingsFile(userData);
    if (warning) log(warning);
    const { settings, warnings } = resolveSettings({ argv, env, file });
    for (const w of warnings) log(w);
    starting = startBackend(settings, path.join(userData, 'cluster'));

    registerApiHandlers({
      ipcMain,
      backend: deferredHandlers(starting),
      isTrustedSender: ownWindowSenderCheck(contents, { protocol: `${APP_SCHEME}:`, host: APP_HOST }),
    });
    app.setAboutPanelOptions({ applicationName: 'Oxbow', applicationVersion: app.getVersion() });
    const menu = buildMenuTemplate({ isMac: process.platform === 'darwin', isDev }, {
      navigate: (screen) => {
        window ??= openWindow();
        focusWindow(window);
        window.webContents.executeJavaScript(navigationScript(screen)).catch((err: unknown) => log('navigation failed', err));
      },
      showAbout: () => app.showAboutPanel(),
      openDocs: () => void shell.openExternal(KAFKA_DOCS_URL).catch(() => {}),
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(menu));

    window = openWindow();
    app.on('activate', () => {
      window ??= openWindow();
    });

    const running = await starting;
    forwardPushEvents((listener) => running.backend.subscribe(listener), contents);
  };

  app.whenReady().then(onReady).catch((err: unknown) => {
    log('startup failed', err);
    dialog.showErrorBox('Oxbow could not start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}
