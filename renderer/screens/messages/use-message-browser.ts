// The message browser's reading: seek to a start, read pages from `next` (load more, infinite
// scroll), and in live tail poll for new records about every second. One browse at a time: a new
// one drops the answers of the previous (a generation counter), and pages never overlap.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { MessageFilter, MessagePage, MessageRecord, MessageStart, PartitionPosition } from '../../../main/contract/index.js';
import { api, toApiError, type ApiError } from '../../api/index.js';

export type StartChoice = MessageStart | { kind: 'tail' };

export interface BrowseQuery {
  topic: string;
  /** null: every partition. */
  partition: number | null;
  start: StartChoice;
  filter: MessageFilter | undefined;
  pageSize: number;
}

export interface BrowserState {
  query: BrowseQuery | null;
  rows: MessageRecord[];
  loading: boolean;
  error: ApiError | undefined;
  /** Every partition read up to its latest offset (as of the last page). */
  atEnd: boolean;
  tailing: boolean;
  /** Records the server read for this browse, matched or not. */
  scanned: number;
}

const IDLE: BrowserState = { query: null, rows: [], loading: false, error: undefined, atEnd: false, tailing: false, scanned: 0 };

export const TAIL_POLL_MS = 1000;
/** What live tail shows from before it started. */
export const TAIL_BACKLOG = 50;
/** A filtered read may come back empty while there is more to scan: keep reading, up to this many pages per request. */
const MAX_EMPTY_PAGES = 20;

export function caughtUp(next: readonly PartitionPosition[], ends: readonly PartitionPosition[]): boolean {
  const end = new Map(ends.map((p) => [p.partition, p.offset]));
  return next.every((p) => p.offset >= (end.get(p.partition) ?? Number.POSITIVE_INFINITY));
}

const rowKey = (r: MessageRecord) => `${r.partition}:${r.offset}`;

export function useMessageBrowser() {
  const [state, setState] = useState<BrowserState>(IDLE);
  const generation = useRef(0);
  const next = useRef<PartitionPosition[]>([]);
  const seen = useRef(new Set<string>());
  const busy = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;

  /** Reads pages until one has records or the end is reached: 'stale' when a newer browse took over. */
  const readOn = useCallback(async (mine: number, query: BrowseQuery, maxPages: number): Promise<'more' | 'end' | 'stale'> => {
    for (let round = 0; round < maxPages; round++) {
      if (next.current.length === 0) {
        setState((s) => ({ ...s, atEnd: true }));
        return 'end';
      }
      const page: MessagePage = await api().readMessages({
        topic: query.topic, from: next.current, limit: query.pageSize, ...(query.filter ? { filter: query.filter } : {}),
      });
      if (mine !== generation.current) return 'stale';
      next.current = page.next;
      // Invariant: a record is listed once, even if a position were handed back twice.
      const fresh = page.records.filter((r) => {
        const key = rowKey(r);
        if (seen.current.has(key)) return false;
        seen.current.add(key);
        return true;
      });
      const atEnd = caughtUp(page.next, page.ends);
      setState((s) => ({
        ...s,
        rows: fresh.length > 0 ? s.rows.concat(fresh) : s.rows,
        atEnd,
        error: undefined,
        scanned: s.scanned + page.records.length + page.scanned,
      }));
      if (atEnd) return 'end';
      if (page.records.length > 0) return 'more';
    }
    return 'more';
  }, []);

  const run = useCallback(async (mine: number, work: () => Promise<unknown>) => {
    busy.current = true;
    setState((s) => ({ ...s, loading: true }));
    try {
      await work();
    } catch (err) {
      if (mine === generation.current) setState((s) => ({ ...s, error: toApiError(err) }));
    } finally {
      if (mine === generation.current) {
        busy.current = false;
        setState((s) => ({ ...s, loading: false }));
      }
    }
  }, []);

  const browse = useCallback((query: BrowseQuery) => {
    const mine = ++generation.current;
    next.current = [];
    seen.current = new Set();
    const tail = query.start.kind === 'tail';
    setState({ ...IDLE, query, tailing: tail, loading: true });
    const start: MessageStart = query.start.kind === 'tail' ? { kind: 'newest' } : query.start;
    const count = tail ? TAIL_BACKLOG : query.pageSize;
    return run(mine, async () => {
      const seek = (perPartition: number) => api().seekMessages({
        topic: query.topic,
        ...(query.partition === null ? {} : { partitions: [query.partition] }),
        start,
        ...(start.kind === 'newest' ? { count: perPartition } : {}),
      });
      let from = await seek(count);
      // `count` is per partition: "the newest 500" of a topic is about 500 records, not 500 per partition.
      if (start.kind === 'newest' && from.length > 1 && mine === generation.current) from = await seek(Math.ceil(count / from.length));
      if (mine !== generation.current) return;
      next.current = from;
      await readOn(mine, query, MAX_EMPTY_PAGES);
    });
  }, [readOn, run]);

  /** The next page; `auto` (infinite scroll) does not ask again once caught up, a click does (new records may have come). */
  const loadMore = useCallback((auto = false) => {
    const { query, atEnd, tailing } = stateRef.current;
    if (!query || busy.current || tailing || (auto && atEnd)) return;
    const mine = generation.current;
    void run(mine, () => readOn(mine, query, MAX_EMPTY_PAGES));
  }, [readOn, run]);

  const stopTail = useCallback(() => setState((s) => ({ ...s, tailing: false })), []);

  // Live tail: one read at a time, again right away while behind, else after TAIL_POLL_MS.
  useEffect(() => {
    if (!state.tailing || !state.query) return;
    const query = state.query;
    const mine = generation.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      if (busy.current) {
        timer = setTimeout(() => void tick(), TAIL_POLL_MS);
        return;
      }
      busy.current = true;
      let again = TAIL_POLL_MS;
      try {
        if ((await readOn(mine, query, 1)) === 'more') again = 50;
      } catch (err) {
        if (mine === generation.current) setState((s) => ({ ...s, error: toApiError(err) }));
      } finally {
        if (mine === generation.current) busy.current = false;
      }
      if (!stopped && mine === generation.current) timer = setTimeout(() => void tick(), again);
    };
    timer = setTimeout(() => void tick(), TAIL_POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [state.tailing, state.query, readOn]);

  // Answers after unmount are dropped.
  useEffect(() => () => {
    generation.current++;
  }, []);

  return { state, browse, loadMore, stopTail };
}
