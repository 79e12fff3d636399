// The built renderer (Vite's dist/renderer: index.html and hashed files under assets/) served to a
// browser. A path outside staticDir is never served, whether it gets there by `..`, an encoded
// `%2e%2e`, a backslash or a symbolic link; paths that look like pages fall back to index.html,
// so the single-page app's own routes load.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Oxbow</title></head>
<body><h1>Oxbow</h1>
<p>The web UI is not built. Run <code>npm run build</code>, then start <code>oxbow serve</code> again.</p>
<p>The cluster and the API (<code>POST /api/&lt;method&gt;</code>) are running.</p>
</body></html>
`;

export class StaticFiles {
  constructor(private readonly staticDir: string) {}

  async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('Method not allowed\n');
      return;
    }
    const root = await this.resolveRoot();
    if (!root || !(await isFile(path.join(root, 'index.html')))) {
      res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : NOT_BUILT_PAGE);
      return;
    }
    const file = await this.lookup(root, req.url ?? '/');
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    await sendFile(req, res, file.path, file.immutable);
  }

  /** The file a URL names, or index.html for a page route; null for anything missing or outside the root. */
  private async lookup(root: string, url: string): Promise<{ path: string; immutable: boolean } | null> {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
    } catch {
      return null;
    }
    if (pathname.includes('\0') || pathname.includes('\\')) return null;
    const relative = path.posix.normalize(pathname).replace(/^\/+/, '');
    const candidate = path.resolve(root, relative);
    if (!isInside(root, candidate)) return null;
    const real = await fs.realpath(candidate).catch(() => null);
    if (real && isInside(root, real) && (await isFile(real))) {
      // Vite's assets/ carry a content hash in their names: they never change under one name.
      return { path: real, immutable: relative.startsWith('assets/') };
    }
    if (real && !isInside(root, real)) return null;
    // A missing file with an extension is a missing file; anything else is a route of the app.
    if (path.posix.extname(relative) !== '') return null;
    return { path: path.join(root, 'index.html'), immutable: false };
  }

  /** Resolved per request: the UI may be built (or rebuilt) while the host runs. */
  private resolveRoot(): Promise<string | null> {
    return fs.realpath(this.staticDir).catch(() => null);
  }
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

async function isFile(file: string): Promise<boolean> {
  return (await fs.stat(file).catch(() => null))?.isFile() ?? false;
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean): Promise<void> {
  const stat = await fs.stat(file);
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': stat.size,
    // index.html names the current assets: always revalidated, so a rebuild shows at once.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}
