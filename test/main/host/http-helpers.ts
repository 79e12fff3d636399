// Raw HTTP for the host's tests: fetch normalizes paths and will not send a foreign Host header,
// which is exactly what the traversal and DNS-rebinding checks must see.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** POST /api/<method> as the UI and curl do; answers the status and the parsed HttpAnswer. */
export async function callApi(baseUrl: string, method: string, args: unknown = {}): Promise<{ status: number; answer: { ok: boolean; result?: unknown; error?: { code: string; kafkaCode?: string; message: string } } }> {
  const res = await fetch(new URL(`api/${method}`, baseUrl), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  return { status: res.status, answer: (await res.json()) as never };
}

/** Reads server-sent events from GET /api/events; `events` fills as they arrive. */
export function openEvents(port: number, headers: Record<string, string> = {}): Promise<{ events: unknown[]; comments: string[]; response: http.IncomingMessage; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/events', headers }, (res) => {
      const events: unknown[] = [];
      const comments: string[] = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          for (const line of buffer.slice(0, end).split('\n')) {
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
            else if (line.startsWith(':')) comments.push(line.slice(1).trim());
          }
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('error', () => {});
      resolve({ events, comments, response: res, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

/** Polls `check` until it returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
