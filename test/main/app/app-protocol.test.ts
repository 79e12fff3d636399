// The app protocol serves dist/renderer and nothing else, with a strict CSP.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, CONTENT_SECURITY_POLICY, appProtocolHandler, resolveAppFile } from '../../../main/app/app-protocol.js';

vi.mock('electron', () => ({}));

const root = path.resolve('/opt/oxbow/dist/renderer');

describe('app protocol', () => {
  it('maps the app\'s URLs to files under the renderer root', () => {
    expect(resolveAppFile(root, APP_ENTRY_URL)).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'oxbow://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'oxbow://app/assets/index-abc.js?x=1#y')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('keeps dot segments inside the root (the URL parser resolves them first)', () => {
    expect(resolveAppFile(root, 'oxbow://app/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppFile(root, 'oxbow://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it.each([
    'oxbow://app/..%2f..%2fetc%2fpasswd',
    'oxbow://app/assets/..%2f..%2f..%2fetc%2fpasswd',
    'oxbow://app/%00index.html',
    'oxbow://other/index.html',
    'https://app/index.html',
    'oxbow://app/%E0%A4%A',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('answers with the file and the CSP; a missing file or foreign URL is a 404', async () => {
    const fetchFile = vi.fn(async (url: string) =>
      url.endsWith('/index.html') ? new Response('<html></html>', { headers: { 'Content-Type': 'text/html' } }) : new Response('', { status: 404 }),
    );
    const handle = appProtocolHandler(root, fetchFile);
    const page = await handle(new Request('oxbow://app/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Type')).toBe('text/html');
    expect(page.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toBe('<html></html>');
    expect((await handle(new Request('oxbow://app/missing.js'))).status).toBe(404);
    fetchFile.mockClear();
    expect((await handle(new Request('oxbow://app/..%2fsecret'))).status).toBe(404);
    expect((await handle(new Request('oxbow://elsewhere/index.html'))).status).toBe(404);
    expect(fetchFile).not.toHaveBeenCalled();
  });

  it('has a CSP that allows nothing remote, no eval and no inline script', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*|wasm-unsafe-eval/);
  });
});
