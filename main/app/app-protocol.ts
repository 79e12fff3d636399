// Serves the renderer over a custom scheme, `oxbow://app/`, instead of file:// (Electron security
// checklist: avoid file://). The scheme gives the page a real origin, lets its CSP say 'self', lets
// the IPC sender check name one exact origin, and can reach nothing outside dist/renderer.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'electron';

export const APP_SCHEME = 'oxbow';
export const APP_HOST = 'app';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * No remote anything: scripts, styles, fonts, images and connections come from the app itself.
 * 'unsafe-inline' for styles only: Mantine and Recharts set style attributes and inject <style>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * Must run before the app is ready (Electron's rule for privileged schemes). standard: relative
 * URLs and a real origin; secure: a secure context; corsEnabled: Vite's `<script type="module"
 * crossorigin>` is fetched in CORS mode (no other origin can read it: no CORS headers are sent).
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

export type FileFetch = (fileUrl: string) => Promise<Response>;

/** The handler for `protocol.handle(APP_SCHEME, ...)`; `fetchFile` is Electron's net.fetch. */
export function appProtocolHandler(root: string, fetchFile: FileFetch): (request: Request) => Promise<Response> {
  return async (request) => {
    const file = resolveAppFile(root, request.url);
    if (file === null) return notFound();
    let response: Response;
    try {
      response = await fetchFile(pathToFileURL(file).href);
    } catch {
      return notFound();
    }
    if (!response.ok) return notFound();
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  };
}

/** The file under `root` a request names, or null for anything else (another host, a way out of root). */
export function resolveAppFile(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
}
