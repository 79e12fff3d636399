import { describe, expect, it } from 'vitest';
import type { ClusterEventView } from '../../main/contract/index.js';
import { phraseEvent } from '../../renderer/components/event-phrase.js';
import { mergeEvents } from '../../renderer/hooks/use-live-events.js';

describe('the timeline speaks the user’s language', () => {
  it.each<[ClusterEventView, string]>([
    [{ type: 'brokerDown', at: 1, brokerId: 1, reason: 'killed' }, 'Broker 1 killed'],
    [{ type: 'brokerDown', at: 1, brokerId: 0, reason: 'crashed', detail: 'out of memory' }, 'Broker 0 crashed: out of memory'],
    [{ type: 'brokerUp', at: 1, brokerId: 2, host: '127.0.0.1', port: 19094 }, 'Broker 2 up at 127.0.0.1:19094'],
    [{ type: 'brokerFenced', at: 1, brokerId: 2 }, 'Broker 2 fenced'],
    [{ type: 'brokerPaused', at: 1, brokerId: 2 }, 'Broker 2 paused'],
    [{ type: 'leaderElected', at: 1, topic: 'orders', partition: 0, leader: 2, previousLeader: 1, leaderEpoch: 3 }, 'orders-0: leader 1 → 2 (epoch 3)'],
    [{ type: 'leaderElected', at: 1, topic: 'orders', partition: 4, leader: 0, previousLeader: -1, leaderEpoch: 0 }, 'orders-4: leader none → 0 (epoch 0)'],
    [{ type: 'isrChanged', at: 1, topic: 'orders', partition: 0, isr: [0, 2], previousIsr: [0, 1, 2], change: 'shrunk' }, 'orders-0: ISR shrunk to [0,2]'],
    [{ type: 'isrChanged', at: 1, topic: 'orders', partition: 0, isr: [0, 1, 2], previousIsr: [0, 2], change: 'expanded' }, 'orders-0: ISR expanded to [0,1,2]'],
    [{ type: 'partitionOffline', at: 1, topic: 'orders', partition: 1, previousLeader: 1 }, 'orders-1: offline (no in-sync replica to lead; was 1)'],
    [{ type: 'topicCreated', at: 1, topic: 'orders' }, 'Topic orders created'],
    [{ type: 'coordinatorDown', at: 1, reason: 'stopped' }, 'Coordinator stopped'],
    [{ type: 'groupRebalanced', at: 1, brokerId: 0, groupId: 'billing', generationId: 4, protocol: 'range', members: 3 }, 'Group billing rebalanced: generation 4, 3 members (range)'],
  ])('%j reads "%s"', (event, text) => {
    expect(phraseEvent(event).text).toBe(text);
  });

  it('merges fetched and pushed events newest first, each once', () => {
    const a: ClusterEventView = { type: 'brokerDown', at: 10, brokerId: 1, reason: 'killed' };
    const b: ClusterEventView = { type: 'brokerFenced', at: 20, brokerId: 1 };
    const c: ClusterEventView = { type: 'brokerUp', at: 30, brokerId: 1, host: 'h', port: 1 };
    expect(mergeEvents([a, b], [b, c], 10)).toEqual([c, b, a]);
    expect(mergeEvents([a, b], [c], 2)).toEqual([c, b]);
  });
});
