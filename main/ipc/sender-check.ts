// Who may call the API over IPC: the top frame of Oxbow's own window, showing Oxbow's own page.
// A frame that navigated elsewhere, an iframe, or any other webContents gets nothing, however
// well-formed its arguments (Electron security checklist: validate the sender of all IPC messages).
import type { IpcMainInvokeEvent, WebContents } from 'electron';

/** Where the renderer is served from (main/app/app-protocol.ts): `oxbow://app/...`. */
export interface TrustedPage {
  protocol: string;
  host: string;
}

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** `window()` is read on every call: the window can be closed and created again (macOS). */
export function ownWindowSenderCheck(window: () => WebContents | null, page: TrustedPage): SenderCheck {
  return (event) => {
    const contents = window();
    if (!contents || contents.isDestroyed() || event.sender.id !== contents.id) return false;
    // Null when the frame navigated or was destroyed after sending.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isTrustedUrl(frame.url, page);
  };
}

export function isTrustedUrl(url: string, page: TrustedPage): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === page.protocol && parsed.host === page.host && parsed.username === '' && parsed.password === '';
}
