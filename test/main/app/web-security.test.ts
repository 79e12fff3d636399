// Navigation, new windows, webviews and permissions are all denied.
import { EventEmitter } from 'node:events';
import type { Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { denyAllPermissions, hardenWebContents, isSafeExternalUrl } from '../../../main/app/web-security.js';

vi.mock('electron', () => ({}));

type OpenHandler = (details: { url: string }) => { action: string };

function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: OpenHandler | undefined;
  const contents = Object.assign(emitter, { setWindowOpenHandler: (handler: OpenHandler) => void (openHandler = handler) });
  return { contents: contents as unknown as WebContents, emitter, open: (url: string) => openHandler!({ url }) };
}

function emitPreventable(emitter: EventEmitter, name: string, ...args: unknown[]): boolean {
  const event = { preventDefault: vi.fn() };
  emitter.emit(name, event, ...args);
  return event.preventDefault.mock.calls.length > 0;
}

describe('web contents hardening', () => {
  it('denies every navigation, redirect and webview, even to the app\'s own pages', () => {
    const { contents, emitter } = fakeContents();
    hardenWebContents(contents, vi.fn(async () => {}));
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'oxbow://app/other.html']) {
      expect(emitPreventable(emitter, 'will-navigate', url), url).toBe(true);
      expect(emitPreventable(emitter, 'will-redirect', url), url).toBe(true);
    }
    expect(emitPreventable(emitter, 'will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every new window; only safe web links open, in the user\'s browser', () => {
    const { contents, open } = fakeContents();
    const openExternal = vi.fn(async () => {});
    hardenWebContents(contents, openExternal);
    for (const url of ['https://kafka.apache.org/documentation/', 'file:///etc/passwd', 'javascript:alert(1)', 'oxbow://app/index.html', 'smb://host/share']) {
      expect(open(url), url).toEqual({ action: 'deny' });
    }
    expect(openExternal.mock.calls).toEqual([['https://kafka.apache.org/documentation/']]);
  });

  it('denies every permission request and check', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => void (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => void (check = handler),
    } as unknown as Session;
    denyAllPermissions(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(check!()).toBe(false);
  });

  it.each([
    ['https://kafka.apache.org/', true],
    ['http://example.com/page', true],
    ['https://user:secret@example.com/', false],
    ['file:///C:/Windows/system32/calc.exe', false],
    ['ms-settings:', false],
    ['not a url', false],
  ])('isSafeExternalUrl(%s) is %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe);
  });
});
