// Forwards the backend's PushEvents to the window on PUSH_CHANNEL, where the preload's
// `subscribe` delivers them to the page.
import type { WebContents } from 'electron';
import { PUSH_CHANNEL } from '../contract/index.js';
import type { OxbowApi } from '../contract/index.js';

/**
 * `target()` is read per event: the window can be closed and created again (macOS), and events
 * meanwhile are dropped (the page refetches what it shows when it loads). Returns the unsubscribe.
 */
export function forwardPushEvents(subscribe: OxbowApi['subscribe'], target: () => WebContents | null): () => void {
  return subscribe((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(PUSH_CHANNEL, event);
  });
}
