// A broker's side of the coordinator link, without workers: the remote ControllerChannel across a
// coordinator restart, the remote MetadataSource's ordering rules, and producer ids after a failed
// allocation.
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { CoordinatorApi, MetadataSubscriberApi } from '../../../broker-runtime/cluster/cluster-protocol.js';
import { RemoteControllerChannel } from '../../../broker-runtime/cluster/remote-controller-channel.js';
import { RemoteMetadataSource } from '../../../broker-runtime/cluster/remote-metadata-source.js';
import { type RpcHandlers, RpcLink } from '../../../broker-runtime/cluster/worker-rpc.js';
import type { MetadataRecord } from '../../../broker-runtime/coordinator/metadata/metadata-records.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { ProducerIdManager } from '../../../broker-runtime/server/producer-id-manager.js';

/** A stand-in coordinator: answers allocateProducerIds from `next`, or never when `hang`. */
function coordinator(options: { firstId: number; hang?: boolean }) {
  const { port1, port2 } = new MessageChannel();
  const handlers: Partial<RpcHandlers<CoordinatorApi>> = {
    allocateProducerIds: () => (options.hang ? new Promise(() => {}) : { firstProducerId: options.firstId, count: 1000 }),
  };
  const server = new RpcLink<CoordinatorApi, MetadataSubscriberApi>(port2, handlers);
  const client = new RpcLink<MetadataSubscriberApi, CoordinatorApi>(port1, {});
  return { server, client };
}

const topic = (name: string, id: string): MetadataRecord => ({ type: 'Topic', name, topicId: id });

describe('RemoteControllerChannel', () => {
  it('fails a call in flight when the coordinator is replaced, and sends later calls to the new one', async () => {
    const channel = new RemoteControllerChannel();
    const old = coordinator({ firstId: 0, hang: true });
    channel.attach(old.client);
    const inFlight = channel.allocateProducerIds(0);
    await new Promise((r) => setImmediate(r));
    const replacement = coordinator({ firstId: 5000 });
    channel.attach(replacement.client);
    await expect(inFlight).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT, message: 'the coordinator restarted' });
    await expect(channel.allocateProducerIds(0)).resolves.toEqual({ firstProducerId: 5000, count: 1000 });
    old.server.close();
    replacement.server.close();
    channel.detach();
  });

  it('holds a call made while no coordinator is attached until one is, or times it out', async () => {
    const channel = new RemoteControllerChannel(50);
    const dead = coordinator({ firstId: 0 });
    channel.attach(dead.client);
    dead.server.close();
    await expect.poll(() => dead.client.isClosed).toBe(true);
    const waiting = channel.allocateProducerIds(0);
    const next = coordinator({ firstId: 7000 });
    channel.attach(next.client);
    await expect(waiting).resolves.toMatchObject({ firstProducerId: 7000 });
    next.server.close();
    await expect.poll(() => next.client.isClosed).toBe(true);
    await expect(channel.allocateProducerIds(0)).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });
  });

  it('lets ProducerIdManager ask again after an allocation failed', async () => {
    const channel = new RemoteControllerChannel();
    const hung = coordinator({ firstId: 0, hang: true });
    channel.attach(hung.client);
    const ids = new ProducerIdManager(0, channel);
    const first = ids.generateProducerId();
    await new Promise((r) => setImmediate(r));
    const replacement = coordinator({ firstId: 3000 });
    channel.attach(replacement.client);
    await expect(first).rejects.toMatchObject({ code: ErrorCode.REQUEST_TIMED_OUT });
    await expect(ids.generateProducerId()).resolves.toBe(3000);
    await expect(ids.generateProducerId()).resolves.toBe(3001);
    hung.server.close();
    replacement.server.close();
    channel.detach();
  });
});

describe('RemoteMetadataSource', () => {
  it('keeps records gapless: skips what it has, refuses a batch past its end', () => {
    const source = new RemoteMetadataSource();
    expect(source.accept([topic('a', 'A'), topic('b', 'B')], 0)).toBe(true);
    expect(source.accept([topic('b', 'B'), topic('c', 'C')], 1)).toBe(true);
    expect(source.accept([topic('e', 'E')], 4)).toBe(false);
    expect(source.nextOffset).toBe(3);
    const seen: [string[], number][] = [];
    source.subscribe((records, first) => seen.push([records.map((r) => (r as { name: string }).name), first]), 1);
    source.accept([topic('c', 'C'), topic('d', 'D')], 2);
    expect(seen).toEqual([[['b', 'c'], 1], [['d'], 3]]);
  });

  it('resolves reached(offset) once that much has arrived', async () => {
    const source = new RemoteMetadataSource();
    let done = false;
    const waiting = source.reached(2).then(() => (done = true));
    source.accept([topic('a', 'A')], 0);
    await Promise.resolve();
    expect(done).toBe(false);
    source.accept([topic('b', 'B')], 1);
    await waiting;
    expect(done).toBe(true);
    await expect(source.reached(1)).resolves.toBeUndefined();
  });
});
