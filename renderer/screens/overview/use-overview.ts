import { useMemo, useState } from 'react';
import type { PushEvent, ThroughputSample } from '../../../main/contract/index.js';
import { useApiQuery } from '../../hooks/use-api-query.js';
import { useLiveEvents } from '../../hooks/use-live-events.js';
import { usePush } from '../../hooks/use-push.js';
import { MAX_SAMPLES, mergeSamples } from './throughput.js';

const RECENT_EVENTS = 12;
const refetchOn = (e: PushEvent) => e.kind === 'cluster' || e.kind === 'changed';

/** The overview, refreshed every few seconds and on pushed changes; throughput and events live from pushes. */
export function useOverview() {
  const query = useApiQuery('overview', (b) => b.getOverview({}), { pollMs: 5_000, refetchOn });
  const [pushed, setPushed] = useState<ThroughputSample[]>([]);
  usePush((event) => {
    if (event.kind === 'throughput') setPushed((p) => [...p, event.sample].slice(-MAX_SAMPLES));
    // Another cluster's samples are not this one's.
    if (event.kind === 'changed' && event.what === 'connections') setPushed([]);
  });
  const fetchedSamples = query.data?.throughput;
  const throughput = useMemo(() => mergeSamples(fetchedSamples ?? [], pushed), [fetchedSamples, pushed]);
  const events = useLiveEvents(query.data?.recentEvents, RECENT_EVENTS);
  return { ...query, throughput, events };
}
