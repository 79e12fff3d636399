// What every webContents of the app may not do (Electron security checklist): navigate away, open
// windows, attach a <webview>, or be granted a permission. Applied from `web-contents-created`, so
// nothing created later escapes it.
import type { Session, WebContents } from 'electron';

export type OpenExternal = (url: string) => Promise<void>;

export function hardenWebContents(contents: WebContents, openExternal: OpenExternal): void {
  // The app is one page; in-page (hash) navigation does not emit will-navigate and stays allowed.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // A link with target=_blank: a safe web address opens in the user's browser, never in the app.
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) openExternal(url).catch(() => {});
    return { action: 'deny' };
  });
}

export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** http(s) only, with no credentials: shell.openExternal with file:, smb: or a custom scheme can run things. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}
