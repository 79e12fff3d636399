// The headless host: the same contract as the Electron window, over HTTP on loopback.
//   POST /api/<method>   JSON arguments in, an HttpAnswer out (./api-dispatcher.ts does the work)
//   GET  /api/events     the push channel as server-sent events
//   GET  anything else   the built renderer (./http-static.ts)
// Binds 127.0.0.1 unless told otherwise; see ./http-guards.ts for why that is not enough alone.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiErrorBody, HTTP_API_PREFIX, HTTP_EVENTS_PATH, type HttpAnswer } from '../contract/index.js';
import { type ApiBackend, dispatch } from './api-dispatcher.js';
import type { ErrorLog } from './api-error.js';
import { eventStreams } from './http-events.js';
import { formatHost, hostGuard } from './http-guards.js';
import { StaticFiles } from './http-static.js';

export interface HttpHostOptions {
  backend: Pick<ApiBackend, 'subscribe'> & Parameters<typeof dispatch>[0];
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer: index.html and assets/. */
  staticDir: string;
  keepAliveMs?: number;
  maxBodyBytes?: number;
  log?: ErrorLog;
}

export interface HttpHost {
  readonly host: string;
  readonly port: number;
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Ends open event streams and connections, then stops listening. The backend is the caller's. */
  close(): Promise<void>;
}

const MiB = 1024 * 1024;

/** Sent with every answer. Mantine injects <style> elements at run time, hence 'unsafe-inline' for styles only. */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
    + "img-src 'self' data:; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Other sites may not even embed what this host serves (no-cors reads of the API or the assets).
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message, err) => console.error(`oxbow: ${message}:`, err));
  const files = new StaticFiles(options.staticDir);
  const streams = eventStreams((listener) => options.backend.subscribe(listener), options.keepAliveMs ?? 15_000);
  const maxBodyBytes = options.maxBodyBytes ?? MiB;
  let guard = hostGuard(host, options.port ?? 0);

  const server = http.createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const refused = guard.check(req);
    if (refused) return void sendJson(res, 403, { ok: false, error: { code: 'INVALID_ARGUMENT', message: refused } });
    route(req, res).catch((err: unknown) => {
      log('HTTP request failed', err);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: 'The request failed.' } });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname === HTTP_EVENTS_PATH) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      return streams.open(req, res);
    }
    if (pathname.startsWith(HTTP_API_PREFIX)) {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      return callApi(req, res, pathname.slice(HTTP_API_PREFIX.length));
    }
    return files.serve(req, res);
  }

  async function callApi(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    // Invariant: nothing runs unless the whole call is well-formed.
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      return sendError(res, 415, { code: 'INVALID_ARGUMENT', message: 'Send the arguments as JSON with Content-Type: application/json.' });
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      res.setHeader('Connection', 'close');
      return sendError(res, 413, { code: 'INVALID_ARGUMENT', message: `The arguments are larger than ${maxBodyBytes} bytes.` });
    }
    let args: unknown;
    try {
      args = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch (err) {
      return sendError(res, 400, { code: 'INVALID_ARGUMENT', message: `The body is not valid JSON: ${(err as Error).message}` });
    }
    const answer = await dispatch(options.backend, decodeMethod(method), args, log);
    sendJson(res, answer.ok ? 200 : statusOf(answer.error), answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  // The port is known only now when 0 was asked for.
  guard = hostGuard(host, port);
  const url = `http://${formatHost(host)}:${port}/`;
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url,
    close() {
      closing ??= new Promise<void>((resolve) => {
        streams.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** HTTP status of an error answer. */
export function statusOf(error: ApiErrorBody): number {
  switch (error.code) {
    case 'INVALID_ARGUMENT': return 400;
    case 'NOT_FOUND': return 404;
    // "Already exists" is a conflict with what is there; other Kafka refusals are requests it understood and declined.
    case 'KAFKA_ERROR': return error.kafkaCode === 'TOPIC_ALREADY_EXISTS' ? 409 : 422;
    case 'UNSUPPORTED': return 501;
    case 'UNAVAILABLE': return 503;
    case 'INTERNAL': return 500;
  }
}

/** The body, or null past `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        resolve(null);
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decodeMethod(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, 405, { code: 'INVALID_ARGUMENT', message: `Use ${allow} here.` });
}

function sendError(res: ServerResponse, status: number, error: ApiErrorBody): void {
  sendJson(res, status, { ok: false, error });
}

function sendJson(res: ServerResponse, status: number, answer: HttpAnswer<unknown>): void {
  const body = JSON.stringify(answer);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}
