// The headless host without a cluster: API calls over HTTP, the security checks (Host, Origin,
// content type, body size), server-sent events, and the built renderer served without ever
// leaving its directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HttpHost, startHttpHost, statusOf } from '../../../main/host/http-host.js';
import { apiError } from '../../../main/host/api-error.js';
import { type FakeBackend, fakeBackend } from './fake-backend.js';
import { callApi, eventually, openEvents, rawRequest } from './http-helpers.js';

let dir: string;
let staticDir: string;
let host: HttpHost | null = null;
let backend: FakeBackend;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-http-'));
  staticDir = path.join(dir, 'renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Oxbow UI</title><script type="module" src="./assets/index-abc123.js"></script>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc123.js'), 'console.log("ui")');
  fs.writeFileSync(path.join(staticDir, 'assets', 'index-abc123.css'), 'body{}');
  fs.writeFileSync(path.join(staticDir, 'favicon.svg'), '<svg/>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside the root');
  backend = fakeBackend({ listBrokers: () => [{ id: 0, state: 'running' }], killBroker: ({ brokerId }: { brokerId: number }) => { if (brokerId === 9) throw apiError('NOT_FOUND', 'no broker 9'); return null; } });
});

afterEach(async () => {
  await host?.close();
  host = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

async function start(options: { keepAliveMs?: number; maxBodyBytes?: number } = {}): Promise<HttpHost> {
  host = await startHttpHost({ backend, staticDir, port: 0, log: () => {}, ...options });
  return host;
}

describe('headless host: API', () => {
  it('binds loopback and answers POST /api/<method> with an HttpAnswer', async () => {
    const h = await start();
    expect(h.host).toBe('127.0.0.1');
    expect(h.url).toBe(`http://127.0.0.1:${h.port}/`);
    expect(await callApi(h.url, 'listBrokers')).toEqual({ status: 200, answer: { ok: true, result: [{ id: 0, state: 'running' }] } });
    expect(await callApi(h.url, 'killBroker', { brokerId: 9 })).toEqual({ status: 404, answer: { ok: false, error: { code: 'NOT_FOUND', message: 'no broker 9' } } });
    expect(await callApi(h.url, 'nope')).toMatchObject({ status: 404, answer: { ok: false, error: { code: 'NOT_FOUND' } } });
  });

  it('refuses bad arguments, malformed JSON, other content types, big bodies and GETs with nothing run', async () => {
    const h = await start({ maxBodyBytes: 1024 });
    const invalid = await callApi(h.url, 'killBroker', { brokerId: -1 });
    expect(invalid).toMatchObject({ status: 400, answer: { ok: false, error: { code: 'INVALID_ARGUMENT', issues: [{ path: 'brokerId' }] } } });
    const post = (body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }) =>
      rawRequest(h.port, { method: 'POST', path: '/api/killBroker', headers: { Host: `127.0.0.1:${h.port}`, ...headers }, body });
    const malformed = await post('{"brokerId": 1');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.code).toBe('INVALID_ARGUMENT');
    expect((await post('{"brokerId": 1}', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post('{"brokerId": 1}', {})).status).toBe(415);
    expect((await post(JSON.stringify({ brokerId: 1, pad: 'x'.repeat(2000) }))).status).toBe(413);
    const get = await rawRequest(h.port, { path: '/api/listBrokers', headers: { Host: `127.0.0.1:${h.port}` } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(backend.calls).toEqual([]);
    // The same connection-level path works once the call is right, charset and all.
    expect((await post('{"brokerId": 1}', { 'Content-Type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(backend.calls).toEqual([{ method: 'killBroker', args: { brokerId: 1 } }]);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (CSRF); accepts its own names', async () => {
    const h = await start();
    const json = { 'Content-Type': 'application/json' };
    const kill = (headers: Record<string, string>) => rawRequest(h.port, { method: 'POST', path: '/api/killBroker', headers: { ...json, ...headers }, body: '{"brokerId":1}' });
    expect((await kill({ Host: `evil.example:${h.port}` })).status).toBe(403);
    expect((await kill({ Host: '127.0.0.1:1' })).status).toBe(403);
    expect((await rawRequest(h.port, { path: '/', headers: { Host: `evil.example:${h.port}` } })).status).toBe(403);
    expect((await kill({ Host: `127.0.0.1:${h.port}`, Origin: 'https://evil.example' })).status).toBe(403);
    expect((await kill({ Host: `127.0.0.1:${h.port}`, Origin: 'null' })).status).toBe(403);
    expect((await openEvents(h.port, { Host: `localhost:${h.port}`, Origin: 'http://evil.example' })).response.statusCode).toBe(403);
    expect(backend.calls).toEqual([]);
    expect((await kill({ Host: `localhost:${h.port}`, Origin: `http://localhost:${h.port}` })).status).toBe(200);
    expect((await kill({ Host: `127.0.0.1:${h.port}`, Origin: `http://127.0.0.1:${h.port}` })).status).toBe(200);
    expect((await kill({ Host: `127.0.0.1:${h.port}` })).status).toBe(200); // curl: no Origin
    expect(backend.calls).toHaveLength(3);
  });

  it('maps error codes to HTTP statuses', () => {
    expect(statusOf({ code: 'INVALID_ARGUMENT', message: '' })).toBe(400);
    expect(statusOf({ code: 'NOT_FOUND', message: '' })).toBe(404);
    expect(statusOf({ code: 'KAFKA_ERROR', message: '', kafkaCode: 'TOPIC_ALREADY_EXISTS' })).toBe(409);
    expect(statusOf({ code: 'KAFKA_ERROR', message: '', kafkaCode: 'INVALID_REPLICATION_FACTOR' })).toBe(422);
    expect(statusOf({ code: 'UNSUPPORTED', message: '' })).toBe(501);
    expect(statusOf({ code: 'UNAVAILABLE', message: '' })).toBe(503);
    expect(statusOf({ code: 'INTERNAL', message: '' })).toBe(500);
  });
});

describe('headless host: events', () => {
  it('streams pushed events as SSE with keep-alive comments, and unsubscribes a client that leaves', async () => {
    const h = await start({ keepAliveMs: 50 });
    const stream = await openEvents(h.port, { Host: `127.0.0.1:${h.port}` });
    expect(stream.response.headers['content-type']).toMatch(/^text\/event-stream/);
    await eventually(() => backend.hub.size === 1, 5_000, 'the subscription');
    backend.push({ kind: 'changed', what: 'topics' });
    backend.push({ kind: 'cluster', event: { type: 'brokerDown', at: 1, brokerId: 2, reason: 'killed' } });
    await eventually(() => stream.events.length === 2, 5_000, 'two events');
    expect(stream.events).toEqual([{ kind: 'changed', what: 'topics' }, { kind: 'cluster', event: { type: 'brokerDown', at: 1, brokerId: 2, reason: 'killed' } }]);
    await eventually(() => stream.comments.includes('keep-alive'), 5_000, 'a keep-alive comment');
    stream.close();
    await eventually(() => backend.hub.size === 0, 5_000, 'the unsubscription');
  });

  it('ends open streams when the host closes', async () => {
    const h = await start();
    const stream = await openEvents(h.port, { Host: `127.0.0.1:${h.port}` });
    const ended = new Promise((resolve) => stream.response.on('close', resolve));
    await h.close();
    await ended;
    expect(backend.hub.size).toBe(0);
  });
});

describe('headless host: the built renderer', () => {
  const get = (port: number, p: string) => rawRequest(port, { path: p, headers: { Host: `127.0.0.1:${port}` } });

  it('serves index.html and assets with their content types, strict CSP and nosniff', async () => {
    const h = await start();
    const index = await get(h.port, '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('Oxbow UI');
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    );
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const js = await get(h.port, '/assets/index-abc123.js');
    expect([js.status, js.headers['content-type'], js.body]).toEqual([200, 'text/javascript; charset=utf-8', 'console.log("ui")']);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get(h.port, '/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(h.port, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    const api = await callApi(h.url, 'listBrokers');
    expect(api.status).toBe(200);
  });

  it('falls back to index.html for app routes, and answers 404 for missing files', async () => {
    const h = await start();
    const route = await get(h.port, '/topics/orders?tab=configs');
    expect([route.status, route.body]).toEqual([200, expect.stringContaining('Oxbow UI')]);
    expect((await get(h.port, '/assets/missing-123.js')).status).toBe(404);
    expect((await rawRequest(h.port, { method: 'DELETE', path: '/', headers: { Host: `127.0.0.1:${h.port}` } })).status).toBe(405);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%2fsecret.txt', '/assets/%00.js', '/%E0%A4%A'])(
    'never serves a file outside its directory: %s',
    async (p) => {
      const h = await start();
      const res = await get(h.port, p);
      expect(res.body).not.toContain('outside the root');
      expect([200, 404]).toContain(res.status);
    },
  );

  it('does not follow a symbolic link out of its directory', async () => {
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(staticDir, 'assets', 'leak.txt'));
    const h = await start();
    const res = await get(h.port, '/assets/leak.txt');
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the root');
  });

  it('says the UI is not built when there is no index.html, and serves it once built', async () => {
    fs.rmSync(path.join(staticDir, 'index.html'));
    const h = await start();
    const res = await get(h.port, '/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('npm run build');
    expect((await callApi(h.url, 'listBrokers')).status).toBe(200);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Oxbow UI</title>');
    expect((await get(h.port, '/')).status).toBe(200);
  });
});
