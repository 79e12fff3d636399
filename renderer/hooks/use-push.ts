import { useEffect, useRef } from 'react';
import type { PushEvent } from '../../main/contract/index.js';
import { api } from '../api/index.js';

/** Calls `listener` with every pushed event while the component is mounted (the latest listener, no resubscribing). */
export function usePush(listener: (event: PushEvent) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api().subscribe((event) => latest.current(event)), []);
}
