// Lag readings on disk, so lag charts survive an app restart (DESIGN: "history kept on disk").
//
// Layout: <dir>/<connection>/<group>/<YYYY-MM-DD>.jsonl, one line per reading (lag-history-codec.ts),
// append-only, one file per UTC day so retention drops whole files and a range read opens only the
// days it covers. Directory names are a readable slug plus a hash of the real id: group ids may hold
// any character, and on a case-insensitive disk "Orders" and "orders" must not share a folder. The
// real ids are in each group folder's group.json and in every line.
//
// Threading: runs in Electron's main process, so only fs/promises and streams, never sync fs.
// Appends and pruning are serialized through one queue; reads run beside them (a reader that
// meets a line still being written sees a torn line and skips it).
// Crash safety: a torn last line is skipped by readers; the first append to a file after opening
// checks the file's last byte and starts on a new line, so the torn line never swallows a good one.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, readFile, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { downsampler } from './lag-downsample.js';
import { type StoredReading, decodeReading, encodeReading, peekAt } from './lag-history-codec.js';
import type { GroupLagSnapshot, PartitionLagReading } from './lag-types.js';

const DAY_MS = 86_400_000;
const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The chart windows the lag screens offer. */
export const CHART_RANGES_MS = { '5m': 5 * 60_000, '1h': 3_600_000, '24h': DAY_MS, '7d': 7 * DAY_MS } as const;

export interface LagHistoryOptions {
  dir: string;
  /** Readings older than this are dropped by prune(), a whole day file at a time (default 7 days). */
  retentionMs?: number;
  log?: (message: string, err: unknown) => void;
}

export interface GroupRangeQuery {
  connectionId: string;
  groupId: string;
  from: number;
  /** Inclusive. */
  to: number;
  /** Downsample to at most this many points; all readings when absent. */
  maxPoints?: number;
}

export interface GroupLagPoint {
  at: number;
  state: string;
  totalLag: number;
  maxTimeLagMs: number;
  partitions: PartitionLagReading[];
}

export interface PartitionLagPoint {
  at: number;
  committedOffset: number;
  logEndOffset: number;
  lag: number | null;
  timeLagMs: number | null;
}

export class LagHistory {
  private readonly retentionMs: number;
  private queue: Promise<unknown> = Promise.resolve();
  /** Folders made and files whose tail was checked by this instance (cleared by prune). */
  private readonly ready = new Set<string>();
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly options: LagHistoryOptions) {
    this.retentionMs = options.retentionMs ?? 7 * DAY_MS;
  }

  /** Stores one reading of one group; a second reading of the same group at the same time is dropped. */
  append(connectionId: string, at: number, snapshot: GroupLagSnapshot): Promise<void> {
    return this.serialized(async () => {
      const groupDir = this.groupDir(connectionId, snapshot.groupId);
      if (this.lastAt.get(groupDir) === at) return;
      if (!this.ready.has(groupDir)) {
        await mkdir(groupDir, { recursive: true });
        const meta = { v: 1, connectionId, groupId: snapshot.groupId };
        await writeFile(join(groupDir, 'group.json'), `${JSON.stringify(meta)}\n`);
        this.ready.add(groupDir);
      }
      const file = join(groupDir, `${dayOf(at)}.jsonl`);
      let line = `${encodeReading(at, snapshot)}\n`;
      if (!this.ready.has(file)) {
        if (await endsTorn(file)) line = `\n${line}`;
        this.ready.add(file);
      }
      await appendFile(file, line);
      this.lastAt.set(groupDir, at);
    });
  }

  /** A group's readings in [from, to], oldest first, downsampled by total lag. */
  async readGroup(q: GroupRangeQuery): Promise<GroupLagPoint[]> {
    const sampler = downsampler<GroupLagPoint>(q.from, q.to, q.maxPoints, (p) => p.totalLag);
    await this.scan(q, (r) => sampler.add(groupPoint(r)));
    return sampler.result();
  }

  /** One partition's readings in [from, to], oldest first, downsampled by its lag. */
  async readPartition(q: GroupRangeQuery & { topic: string; partition: number }): Promise<PartitionLagPoint[]> {
    const sampler = downsampler<PartitionLagPoint>(q.from, q.to, q.maxPoints, (p) => p.lag ?? 0);
    await this.scan(q, (r) => {
      const p = r.partitions.find((x) => x.topic === q.topic && x.partition === q.partition);
      if (p) sampler.add({ at: r.at, committedOffset: p.committedOffset, logEndOffset: p.logEndOffset, lag: p.lag, timeLagMs: p.timeLagMs });
    });
    return sampler.result();
  }

  /** The groups of a connection that have history. */
  async groups(connectionId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await listDir(join(this.options.dir, slug(connectionId)))) {
      try {
        const meta: unknown = JSON.parse(await readFile(join(this.options.dir, slug(connectionId), name, 'group.json'), 'utf8'));
        if (isMeta(meta) && meta.connectionId === connectionId) ids.push(meta.groupId);
      } catch {
        // No or torn group.json: the next append rewrites it.
      }
    }
    return ids.sort();
  }

  /** Deletes day files entirely older than the retention, and group folders left empty. */
  prune(now: number): Promise<number> {
    return this.serialized(async () => {
      const cutoff = now - this.retentionMs;
      let removed = 0;
      for (const connection of await listDir(this.options.dir)) {
        for (const group of await listDir(join(this.options.dir, connection))) {
          const groupDir = join(this.options.dir, connection, group);
          const days = (await listDir(groupDir)).filter((f) => DAY_FILE.test(f));
          let kept = 0;
          for (const day of days) {
            if (dayStart(day) + DAY_MS <= cutoff) {
              removed += await removeQuietly(join(groupDir, day), this.options.log);
            } else {
              kept++;
            }
          }
          if (kept === 0 && days.length > 0) await rm(groupDir, { recursive: true, force: true }).catch((err) => this.options.log?.('lag history: could not remove a group folder', err));
        }
      }
      // Folders may be gone: the next append makes them again and rechecks its file's tail.
      this.ready.clear();
      return removed;
    });
  }

  private async scan(q: GroupRangeQuery, visit: (r: StoredReading) => void): Promise<void> {
    const groupDir = this.groupDir(q.connectionId, q.groupId);
    const days = (await listDir(groupDir))
      .filter((f) => DAY_FILE.test(f) && dayStart(f) <= q.to && dayStart(f) + DAY_MS > q.from)
      .sort();
    for (const day of days) {
      const lines = createInterface({ input: createReadStream(join(groupDir, day), 'utf8'), crlfDelay: Infinity });
      try {
        for await (const line of lines) {
          const at = peekAt(line);
          if (at === null || at < q.from || at > q.to) continue;
          const reading = decodeReading(line);
          if (reading && reading.groupId === q.groupId) visit(reading);
        }
      } catch (err) {
        // Pruned or unreadable meanwhile: the other days still answer.
        this.options.log?.(`lag history: could not read ${day}`, err);
      } finally {
        lines.close();
      }
    }
  }

  private groupDir(connectionId: string, groupId: string): string {
    return join(this.options.dir, slug(connectionId), slug(groupId));
  }

  private serialized<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function groupPoint(r: StoredReading): GroupLagPoint {
  let totalLag = 0;
  let maxTimeLagMs = 0;
  for (const p of r.partitions) {
    totalLag += p.lag ?? 0;
    maxTimeLagMs = Math.max(maxTimeLagMs, p.timeLagMs ?? 0);
  }
  return { at: r.at, state: r.state, totalLag, maxTimeLagMs, partitions: r.partitions };
}

/** A folder name for any id: readable, safe on every disk, and unique by the hash. */
export function slug(id: string): string {
  const readable = id.toLowerCase().replace(/[^a-z0-9_-]+/g, '_').slice(0, 40);
  return `${readable}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

function dayOf(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

function dayStart(file: string): number {
  return Date.parse(`${file.slice(0, 10)}T00:00:00.000Z`);
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** True when the file exists and its last byte is not a newline: a crash tore its last line. */
async function endsTorn(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await handle.close();
  }
}

async function removeQuietly(file: string, log: LagHistoryOptions['log']): Promise<number> {
  try {
    await unlink(file);
    return 1;
  } catch (err) {
    // Windows refuses to delete a file a reader holds open: the next prune retries.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log?.('lag history: could not remove a day file', err);
    return 0;
  }
}

function isMeta(v: unknown): v is { connectionId: string; groupId: string } {
  const m = v as { connectionId?: unknown; groupId?: unknown } | null;
  return typeof m === 'object' && m !== null && typeof m.connectionId === 'string' && typeof m.groupId === 'string';
}
