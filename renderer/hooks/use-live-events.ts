import { useMemo, useState } from 'react';
import type { ClusterEventView } from '../../main/contract/index.js';
import { eventKey } from '../components/event-phrase.js';
import { usePush } from './use-push.js';

/** Fetched events (any order) plus pushed ones, without duplicates, newest first, at most `limit`. */
export function mergeEvents(fetched: readonly ClusterEventView[], pushed: readonly ClusterEventView[], limit: number): ClusterEventView[] {
  const byKey = new Map<string, ClusterEventView>();
  for (const e of [...fetched, ...pushed]) byKey.set(eventKey(e), e);
  // A stable sort keeps same-millisecond events in the order they happened (arrival order).
  return [...byKey.values()].reverse().sort((a, b) => b.at - a.at).slice(0, limit);
}

/** The timeline as last fetched, kept live by pushed 'cluster' events until the next fetch. */
export function useLiveEvents(fetched: readonly ClusterEventView[] | undefined, limit: number): ClusterEventView[] {
  const [pushed, setPushed] = useState<ClusterEventView[]>([]);
  usePush((event) => {
    if (event.kind === 'cluster') setPushed((p) => [...p, event.event].slice(-limit));
  });
  return useMemo(() => mergeEvents(fetched ?? [], pushed, limit), [fetched, pushed, limit]);
}
