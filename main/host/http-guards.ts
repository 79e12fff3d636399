// Who may talk to the headless host. It binds to loopback, but loopback alone does not keep a web
// page in the user's browser out:
// - DNS rebinding: evil.example resolves to 127.0.0.1 after the page loaded, and the page's
//   requests then reach this port with `Host: evil.example:<port>`. Only requests naming this
//   host by its loopback names (or the address it is bound to) are answered.
// - CSRF: any page may POST to http://127.0.0.1:<port>/api/killBroker. A browser says where a
//   request comes from in `Origin`; one that is not this host's own origin is refused. (Calls must
//   also be `application/json`, which a cross-site form cannot send and a cross-site fetch can
//   send only after a CORS preflight this host never approves.)
// curl and other non-browser clients send no Origin and are let through.
import type { IncomingMessage } from 'node:http';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export interface HostGuard {
  /** Null when the request may proceed, else why not. */
  check(req: IncomingMessage): string | null;
}

export function hostGuard(boundHost: string, port: number): HostGuard {
  const names = new Set([...LOOPBACK_NAMES, formatHost(boundHost)].map((n) => n.toLowerCase()));
  const hosts = new Set([...names].map((n) => `${n}:${port}`));
  // Browsers send the port in Host, and in Origin unless it is the scheme's default (never here: 80 needs root).
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  return {
    check(req) {
      const host = req.headers.host?.toLowerCase();
      if (!host || !hosts.has(host)) return `Host ${JSON.stringify(req.headers.host ?? '')} is not this server's; use http://127.0.0.1:${port}/.`;
      const origin = req.headers.origin;
      if (origin !== undefined && !origins.has(origin.toLowerCase())) return `Requests from ${origin} are not accepted.`;
      return null;
    },
  };
}

/** An address as it appears in a Host header: IPv6 in brackets. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
