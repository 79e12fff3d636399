// GET /api/events: the push channel as server-sent events, one PushEvent as JSON per `data:` line.
// A comment line every keepAliveMs keeps proxies and idle timeouts from closing a quiet stream;
// a client that goes away is unsubscribed at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PushEvent } from '../contract/index.js';

export interface EventStreams {
  open(req: IncomingMessage, res: ServerResponse): void;
  /** Ends every open stream (the host is closing). */
  closeAll(): void;
  readonly count: number;
}

export function eventStreams(subscribe: (listener: (event: PushEvent) => void) => () => void, keepAliveMs: number): EventStreams {
  const open = new Set<() => void>();
  return {
    open(req, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
      });
      // Tells EventSource how long to wait before reconnecting, and flushes the headers.
      res.write('retry: 2000\n: connected\n\n');
      const unsubscribe = subscribe((event) => void res.write(`data: ${JSON.stringify(event)}\n\n`));
      const keepAlive = setInterval(() => void res.write(': keep-alive\n\n'), keepAliveMs);
      keepAlive.unref();
      const close = () => {
        if (!open.delete(close)) return;
        clearInterval(keepAlive);
        unsubscribe();
        res.end();
      };
      open.add(close);
      req.on('close', close);
      res.on('close', close);
      res.on('error', close);
    },
    closeAll() {
      for (const close of [...open]) close();
    },
    get count() {
      return open.size;
    },
  };
}
