// A backend that records calls and answers from a table: for testing the transports without a cluster.
import { vi } from 'vitest';
import { API_METHODS, type ApiMethod, type PushEvent } from '../../../main/contract/index.js';
import type { ApiBackend } from '../../../main/host/api-dispatcher.js';
import { PushHub } from '../../../main/host/push-hub.js';

export interface FakeBackend extends ApiBackend {
  calls: { method: ApiMethod; args: unknown }[];
  hub: PushHub;
  push(event: PushEvent): void;
}

export function fakeBackend(answers: Partial<Record<ApiMethod, (args: never) => unknown>> = {}): FakeBackend {
  const hub = new PushHub();
  const calls: FakeBackend['calls'] = [];
  const backend = {
    calls,
    hub,
    push: (event: PushEvent) => hub.publish(event),
    subscribe: (listener: (event: PushEvent) => void) => hub.subscribe(listener),
    close: vi.fn(async () => {}),
  } as unknown as FakeBackend;
  for (const method of API_METHODS) {
    (backend as unknown as Record<string, unknown>)[method] = async (args: unknown) => {
      calls.push({ method, args });
      const answer = answers[method] as ((a: unknown) => unknown) | undefined;
      return answer ? answer(args) : null;
    };
  }
  return backend;
}
