// The link every worker talks over: answers, errors as plain objects rebuilt on the other side,
// order between notifications and answers, timeouts, and closing from either end.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError, RpcLink, deserializeError, serializeError } from '../../../broker-runtime/cluster/worker-rpc.js';
import { InvariantViolation, KafkaError } from '../../../broker-runtime/errors.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';

interface ServerApi {
  add(a: number, b: number): number;
  later(value: string): string;
  fail(kind: 'kafka' | 'bug' | 'string'): void;
  never(): void;
  announceThenAnswer(): string;
  echoPort(port: MessagePort): void;
  unclonable(async: boolean): unknown;
}

interface ClientApi {
  announce(text: string): void;
}

const links: { close(): void }[] = [];
afterEach(() => {
  for (const link of links.splice(0)) link.close();
});

function pair(clientHandlers: Partial<{ announce(text: string): void }> = {}, callTimeoutMs = 0) {
  const { port1, port2 } = new MessageChannel();
  const server: RpcLink<ServerApi, ClientApi> = new RpcLink<ServerApi, ClientApi>(port2, {
    add: (a, b) => a + b,
    later: async (value) => {
      await new Promise((r) => setTimeout(r, 5));
      return value.toUpperCase();
    },
    fail: (kind) => {
      if (kind === 'kafka') throw new KafkaError('NOT_LEADER_OR_FOLLOWER', 'not the leader of t-0');
      if (kind === 'bug') throw new InvariantViolation('offsets went backwards');
      throw 'a bare string';
    },
    never: () => new Promise<void>(() => {}),
    announceThenAnswer: () => {
      server.notify('announce', 'first');
      return 'second';
    },
    unclonable: (async) => (async ? Promise.resolve({ f: () => 1 }) : { f: () => 1 }),
    echoPort: (port) => {
      port.postMessage('through the transferred port');
      port.close();
    },
  });
  const client = new RpcLink<ClientApi, ServerApi>(port1, clientHandlers, { callTimeoutMs });
  links.push(server, client);
  return { server, client };
}

describe('RpcLink', () => {
  it('answers calls, at once or after a promise', async () => {
    const { client } = pair();
    await expect(client.call('add', 2, 3)).resolves.toBe(5);
    await expect(client.call('later', 'abc')).resolves.toBe('ABC');
  });

  it('rebuilds a KafkaError with its code, and anything else as a RemoteError that keeps its name', async () => {
    const { client } = pair();
    const kafka = await client.call('fail', 'kafka').catch((e: unknown) => e);
    expect(kafka).toBeInstanceOf(KafkaError);
    expect(kafka).toMatchObject({ code: ErrorCode.NOT_LEADER_OR_FOLLOWER, errorName: 'NOT_LEADER_OR_FOLLOWER', message: 'not the leader of t-0' });
    const bug = await client.call('fail', 'bug').catch((e: unknown) => e);
    expect(bug).toBeInstanceOf(RemoteError);
    expect(bug).toMatchObject({ remoteName: 'InvariantViolation', message: 'offsets went backwards' });
    expect((bug as RemoteError).remoteStack).toContain('offsets went backwards');
    await expect(client.call('fail', 'string')).rejects.toMatchObject({ remoteName: 'Error', message: 'a bare string' });
    await expect((client as unknown as RpcLink<ClientApi, { nope(): void }>).call('nope')).rejects.toMatchObject({ remoteName: 'UnknownMethod' });
  });

  it('answers with an error when a result cannot be cloned, instead of leaving the caller waiting', async () => {
    const { client } = pair();
    await expect(client.call('unclonable', false)).rejects.toMatchObject({ remoteName: 'DataCloneError' });
    await expect(client.call('unclonable', true)).rejects.toMatchObject({ remoteName: 'DataCloneError' });
  });

  it('serializes errors to plain objects that survive structured clone', () => {
    const plain = serializeError(new KafkaError('REQUEST_TIMED_OUT', 'slow'));
    expect(structuredClone(plain)).toEqual(plain);
    expect(deserializeError(structuredClone(plain))).toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT, message: 'slow' });
    expect(deserializeError({ name: 'TypeError', message: 'x' })).toBeInstanceOf(RemoteError);
  });

  it('delivers a notification posted before an answer before that answer', async () => {
    const seen: string[] = [];
    const { client } = pair({ announce: (text) => void seen.push(text) });
    const answer = await client.call('announceThenAnswer');
    seen.push(answer);
    expect(seen).toEqual(['first', 'second']);
  });

  it('times a call out with REQUEST_TIMED_OUT', async () => {
    const { client } = pair({}, 20);
    await expect(client.call('never')).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });
    await expect(client.call('add', 1, 1)).resolves.toBe(2);
    await expect(client.callWithin(10, 'never')).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });
  });

  it('fails pending calls when either end closes, and refuses new ones', async () => {
    const first = pair();
    const pending = first.client.call('never');
    first.client.close();
    await expect(pending).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });
    await expect(first.client.call('add', 1, 2)).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });

    const second = pair();
    const waiting = second.client.call('never');
    second.server.close();
    await expect(waiting).rejects.toMatchObject({ message: 'the link to the other worker closed' });
    expect(second.client.isClosed).toBe(true);
  });

  it('transfers MessagePorts given as arguments', async () => {
    const { client } = pair();
    const { port1, port2 } = new MessageChannel();
    const received = new Promise((resolve) => port1.once('message', resolve));
    await client.call('echoPort', port2);
    await expect(received).resolves.toBe('through the transferred port');
    port1.close();
  });
});
