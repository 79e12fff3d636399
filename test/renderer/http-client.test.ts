// The headless transport: POST /api/<method> with a JSON body, HttpAnswer back, errors thrown as ApiError;
// pushed events over one shared EventSource that is reopened when the host refused it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../main/contract/index.js';
import { ApiError } from '../../renderer/api/api-error.js';
import { createHttpApi } from '../../renderer/api/http-client.js';

function answering(status: number, body: string) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), init: init ?? {} });
    return new Response(body, { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

class FakeEventSource {
  static made: FakeEventSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeEventSource.made.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
}
const createEventSource = (url: string) => new FakeEventSource(url) as unknown as EventSource;

afterEach(() => {
  FakeEventSource.made = [];
  vi.useRealTimers();
});

describe('the HTTP api client', () => {
  it('posts the arguments as JSON to /api/<method> and resolves to the result', async () => {
    const { fetch, requests } = answering(200, JSON.stringify({ ok: true, result: [{ name: 'orders' }] }));
    const api = createHttpApi({ fetch, createEventSource });
    await expect(api.listTopics({ includeInternal: true })).resolves.toEqual([{ name: 'orders' }]);
    expect(requests).toHaveLength(1);
    expect(requests[0].url).toBe('/api/listTopics');
    expect(requests[0].init.method).toBe('POST');
    expect(new Headers(requests[0].init.headers).get('Content-Type')).toBe('application/json');
    expect(JSON.parse(String(requests[0].init.body))).toEqual({ includeInternal: true });
  });

  it('turns an error answer into a thrown ApiError with code, kafkaCode, message and issues', async () => {
    const error = { code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists.", issues: [{ path: 'name', message: 'taken' }] };
    const { fetch } = answering(409, JSON.stringify({ ok: false, error }));
    const api = createHttpApi({ fetch, createEventSource });
    const thrown = await api.createTopic({ name: 'orders', partitions: 1, replicationFactor: 1 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists.", issues: error.issues });
  });

  it('reports a page that is not an API answer, and an unreachable host, as UNAVAILABLE', async () => {
    const { fetch } = answering(502, '<html>Bad gateway</html>');
    await expect(createHttpApi({ fetch, createEventSource }).getOverview({})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 502') });
    const down = (async () => { throw new TypeError('fetch failed'); }) as unknown as typeof globalThis.fetch;
    await expect(createHttpApi({ fetch: down, createEventSource }).getOverview({})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('fetch failed') });
  });

  it('shares one EventSource among subscribers and closes it after the last one leaves', () => {
    const api = createHttpApi({ createEventSource });
    const a: PushEvent[] = [];
    const b: PushEvent[] = [];
    const offA = api.subscribe((e) => a.push(e));
    const offB = api.subscribe((e) => b.push(e));
    expect(FakeEventSource.made).toHaveLength(1);
    expect(FakeEventSource.made[0].url).toBe('/api/events');
    const event: PushEvent = { kind: 'changed', what: 'topics' };
    FakeEventSource.made[0].onmessage?.({ data: JSON.stringify(event) });
    FakeEventSource.made[0].onmessage?.({ data: 'not json' });
    expect(a).toEqual([event]);
    expect(b).toEqual([event]);
    offA();
    expect(FakeEventSource.made[0].closed).toBe(false);
    offB();
    expect(FakeEventSource.made[0].closed).toBe(true);
  });

  it('reopens the stream when the host refused it, and asks for a refetch once it is back', () => {
    vi.useFakeTimers();
    const api = createHttpApi({ createEventSource });
    const seen: PushEvent[] = [];
    api.subscribe((e) => seen.push(e));
    const first = FakeEventSource.made[0];
    first.readyState = 2;
    first.onerror?.();
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.made).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.made).toHaveLength(2);
    FakeEventSource.made[1].onopen?.();
    expect(seen).toEqual([{ kind: 'changed', what: 'brokers' }, { kind: 'changed', what: 'topics' }]);
  });
});
