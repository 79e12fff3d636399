import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { PUSH_CHANNEL } from '../../../main/contract/index.js';
import type { PushEvent } from '../../../main/contract/index.js';
import { forwardPushEvents } from '../../../main/ipc/push-forwarder.js';

vi.mock('electron', () => ({}));

describe('push forwarding', () => {
  it('sends each pushed event to the current window on the push channel, skipping a closed one', () => {
    let listener: ((event: PushEvent) => void) | undefined;
    const unsubscribe = vi.fn();
    const subscribe = vi.fn((l: (event: PushEvent) => void) => {
      listener = l;
      return unsubscribe;
    });
    const contents = { send: vi.fn(), isDestroyed: vi.fn(() => false) };
    let target: WebContents | null = contents as unknown as WebContents;

    const stop = forwardPushEvents(subscribe, () => target);
    const event: PushEvent = { kind: 'changed', what: 'brokers' };
    listener!(event);
    expect(contents.send).toHaveBeenCalledWith(PUSH_CHANNEL, event);

    contents.isDestroyed.mockReturnValue(true);
    listener!(event);
    target = null;
    listener!(event);
    expect(contents.send).toHaveBeenCalledTimes(1);

    stop();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });
});
