// The application menu: Electron's standard roles, plus View entries that move the UI between its
// screens and a Help menu.
//
// NB: the contract has no "navigate" PushEvent, so the View entries change the page's location
// hash (`#/overview`, `#/brokers`, `#/topics`), which a hash router follows without a reload.
import type { MenuItemConstructorOptions } from 'electron';

export const SCREENS = [
  { id: 'overview', label: 'Overview', accelerator: 'CmdOrCtrl+1' },
  { id: 'brokers', label: 'Brokers', accelerator: 'CmdOrCtrl+2' },
  { id: 'topics', label: 'Topics', accelerator: 'CmdOrCtrl+3' },
] as const;

export type ScreenId = (typeof SCREENS)[number]['id'];

export const KAFKA_DOCS_URL = 'https://kafka.apache.org/documentation/';

export interface MenuActions {
  navigate(screen: ScreenId): void;
  showAbout(): void;
  openDocs(): void;
}

export interface MenuContext {
  isMac: boolean;
  /** Unpackaged (a checkout): DevTools are on offer. */
  isDev: boolean;
}

export function buildMenuTemplate({ isMac, isDev }: MenuContext, actions: MenuActions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    ...SCREENS.map(({ id, label, accelerator }): MenuItemConstructorOptions => ({ label, accelerator, click: () => actions.navigate(id) })),
    { type: 'separator' },
    { role: 'reload' },
    ...(isDev ? [{ role: 'toggleDevTools' } satisfies MenuItemConstructorOptions] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const help: MenuItemConstructorOptions[] = [
    { label: 'Kafka Documentation', click: () => actions.openDocs() },
    // macOS has About in the app menu already.
    ...(isMac ? [] : [{ type: 'separator' }, { label: 'About Oxbow', click: () => actions.showAbout() }] satisfies MenuItemConstructorOptions[]),
  ];
  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: help },
  ];
}

/** The script that moves the page to a screen; `screen` is one of SCREENS, never user input. */
export function navigationScript(screen: ScreenId): string {
  return `window.location.hash = ${JSON.stringify(`#/${screen}`)};`;
}
