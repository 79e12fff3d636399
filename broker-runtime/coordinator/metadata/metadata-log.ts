// The coordinator's file-backed metadata log: segments of records, and snapshots of the image that
// let the log drop the records they cover (KRaft's KafkaMetadataLog and its snapshots).
//
//   coordinator/
//     metadata-00000000000000001200.snapshot   the image as of offset 1199
//     metadata-00000000000000001200.log        records from offset 1200
//     metadata-00000000000000002431.snapshot
//     metadata-00000000000000002431.log        the active segment: appends go here
//
// Invariants:
// - a record is acknowledged only after its line is written and fsynced; on open the active
//   segment is cut at its first torn or corrupt line, so a crash mid-append loses at most the
//   record that was never acknowledged;
// - offsets only grow: a snapshot stands for [0, endOffset) and the segment rolled with it starts
//   at endOffset, so records keep their offsets whatever was dropped before them;
// - the two newest snapshots are kept with every segment after the older one, so when the newest
//   cannot be read the one before it (or the full log, while it is still there) takes its place
//   and no acknowledged record is lost. Anything older is deleted: two snapshots and about two
//   snapshot intervals of records, however long the cluster runs.
import fs from 'node:fs';
import path from 'node:path';
import { InvariantViolation } from '../../errors.js';
import { filenamePrefixFromOffset, flushDir } from '../../storage/log-file-utils.js';
import { ActiveSegment, type SegmentContents, createSegment, encodeRecordLine, readSegment } from './metadata-log-segment.js';
import type { MetadataRecord } from './metadata-records.js';
import { readSnapshotFile, writeSnapshotFile } from './metadata-snapshot-file.js';
import type { MetadataSnapshot } from './metadata-snapshot.js';

/** What opening the log found: the snapshot to start from, and the files it had to give up on. */
export interface MetadataLogRecovery {
  snapshot: MetadataSnapshot | null;
  /** Snapshot files that failed their checks and were deleted, each with the reason. */
  discarded: string[];
}

const SNAPSHOTS_KEPT = 2;

export class MetadataLog {
  /** Offset of records[0]: the end offset of the newest snapshot, or 0 before the first. */
  private start: number;
  private readonly snapshotOffsets: number[];
  private bytesSince: number;

  private constructor(
    private readonly files: LogFiles,
    private readonly segmentOffsets: number[],
    private active: { baseOffset: number; segment: ActiveSegment },
    private tail: MetadataRecord[],
    readonly recovered: MetadataLogRecovery,
  ) {
    this.start = recovered.snapshot?.endOffset ?? 0;
    this.snapshotOffsets = files.list('snapshot');
    this.bytesSince = tail.reduce((sum, r) => sum + Buffer.byteLength(encodeRecordLine(r)), 0);
  }

  /**
   * Opens (or creates) the log named by `file` (its segments and snapshots are
   * `<name>-<offset>.log|.snapshot` beside it). A `file` left by an Oxbow before snapshots holds
   * the whole log and becomes the segment at offset 0.
   */
  static open(file: string): MetadataLog {
    const files = new LogFiles(path.dirname(file), path.basename(file, '.log'));
    files.prepare(file);
    const discarded: string[] = [];
    let snapshot: MetadataSnapshot | null = null;
    for (const endOffset of files.list('snapshot').reverse()) {
      const snapshotFile = files.path('snapshot', endOffset);
      const read = readSnapshotFile(snapshotFile);
      if ('problem' in read) discarded.push(`${snapshotFile}: ${read.problem}`);
      else if (read.snapshot.endOffset !== endOffset) discarded.push(`${snapshotFile}: its header says end offset ${read.snapshot.endOffset}`);
      else {
        snapshot = read.snapshot;
        break;
      }
      fs.rmSync(snapshotFile, { force: true });
    }
    const startOffset = snapshot?.endOffset ?? 0;
    // NB: when the log after the chosen snapshot is broken, an older snapshot would need the same
    // records, so there is nothing to fall back to: the coordinator does not start.
    const tail = readTail(files, startOffset);
    if ('problem' in tail) throw new Error(`the metadata log in ${files.dir} cannot be recovered: ${tail.problem}`);
    const { last } = tail;
    let active: { baseOffset: number; segment: ActiveSegment };
    if (last && last.baseOffset + last.records.length >= startOffset) {
      active = { baseOffset: last.baseOffset, segment: ActiveSegment.open(files.path('log', last.baseOffset), last.validBytes) };
    } else {
      // The snapshot is ahead of every segment (its own segment is missing): records go after it.
      const segmentFile = files.path('log', startOffset);
      active = { baseOffset: startOffset, segment: ActiveSegment.open(segmentFile, createSegment(segmentFile, startOffset)) };
    }
    const log = new MetadataLog(files, files.list('log'), active, tail.records, { snapshot, discarded });
    log.deleteWhatNoSnapshotNeeds();
    return log;
  }

  /** The records after the newest snapshot, from `startOffset`. */
  get records(): readonly MetadataRecord[] {
    return this.tail;
  }

  /** The offset of the first record held; a subscriber from before it needs a snapshot instead. */
  get startOffset(): number {
    return this.start;
  }

  /** The offset the next appended record gets. */
  get endOffset(): number {
    return this.start + this.tail.length;
  }

  /** Bytes of records appended since the newest snapshot (Kafka counts the same to decide when to take one). */
  get bytesSinceSnapshot(): number {
    return this.bytesSince;
  }

  /** Records from `offset` to the end; [] when it is before startOffset or past the end. */
  recordsFrom(offset: number): MetadataRecord[] {
    return offset < this.start ? [] : this.tail.slice(offset - this.start);
  }

  /** Appends records durably; returns the offset of the first one. */
  append(batch: readonly MetadataRecord[]): number {
    const first = this.endOffset;
    this.bytesSince += this.active.segment.append(batch.map(encodeRecordLine).join(''));
    this.tail.push(...batch);
    return first;
  }

  /**
   * Writes a snapshot of the image as of the log's end, rolls a new segment after it, and deletes
   * what the newest two snapshots make unnecessary. The records it covers leave memory.
   */
  writeSnapshot(snapshot: MetadataSnapshot): void {
    if (snapshot.endOffset !== this.endOffset) {
      throw new InvariantViolation(`a snapshot must end at the log's end ${this.endOffset}, not ${snapshot.endOffset}`);
    }
    if (this.snapshotOffsets.includes(snapshot.endOffset)) return;
    writeSnapshotFile(this.files.path('snapshot', snapshot.endOffset), snapshot);
    this.snapshotOffsets.push(snapshot.endOffset);
    if (this.active.baseOffset !== snapshot.endOffset) {
      const file = this.files.path('log', snapshot.endOffset);
      const segment = ActiveSegment.open(file, createSegment(file, snapshot.endOffset));
      this.active.segment.close();
      this.active = { baseOffset: snapshot.endOffset, segment };
      this.segmentOffsets.push(snapshot.endOffset);
    }
    this.start = snapshot.endOffset;
    this.tail = [];
    this.bytesSince = 0;
    this.deleteWhatNoSnapshotNeeds();
  }

  close(): void {
    this.active.segment.close();
  }

  /** Keeps the newest two snapshots and the segments from the older one's end; deletes the rest. */
  private deleteWhatNoSnapshotNeeds(): void {
    const kept = this.snapshotOffsets.slice(-SNAPSHOTS_KEPT);
    const needFrom = kept.length === SNAPSHOTS_KEPT ? kept[0] : 0;
    let deleted = false;
    for (const endOffset of this.snapshotOffsets.splice(0, this.snapshotOffsets.length - kept.length)) {
      fs.rmSync(this.files.path('snapshot', endOffset), { force: true });
      deleted = true;
    }
    // A segment ends where the next begins; the active one is always needed.
    while (this.segmentOffsets.length > 1 && this.segmentOffsets[1] <= needFrom) {
      fs.rmSync(this.files.path('log', this.segmentOffsets.shift()!), { force: true });
      deleted = true;
    }
    if (deleted) flushDir(this.files.dir);
  }
}

type Tail = { records: MetadataRecord[]; last: SegmentContents | null } | { problem: string };

/** The records from `from` to the end of the log, or why the segments cannot give them. */
function readTail(files: LogFiles, from: number): Tail {
  const offsets = files.list('log');
  let first = offsets.length - 1;
  while (first >= 0 && offsets[first] > from) first--;
  if (first < 0) {
    // Only a snapshot ahead of every segment may start where no segment holds it.
    if (from > 0 && offsets.length === 0) return { records: [], last: null };
    return { problem: `the log starts at offset ${offsets[0] ?? 'none'}, after offset ${from}` };
  }
  const records: MetadataRecord[] = [];
  let last: SegmentContents | null = null;
  for (let i = first; i < offsets.length; i++) {
    const file = files.path('log', offsets[i]);
    let contents: SegmentContents;
    try {
      contents = readSegment(file);
    } catch (err) {
      return { problem: (err as Error).message };
    }
    if (contents.baseOffset !== offsets[i]) return { problem: `${file} says it starts at offset ${contents.baseOffset}` };
    if (last && last.baseOffset + last.records.length !== contents.baseOffset) {
      return { problem: `records ${last.baseOffset + last.records.length} to ${contents.baseOffset - 1} are missing before ${file}` };
    }
    // Only the active segment can have a torn tail; earlier ones were complete when the log rolled.
    if (contents.torn && i < offsets.length - 1) return { problem: `${file} is corrupt after offset ${contents.baseOffset + contents.records.length - 1}` };
    const skip = Math.max(0, from - contents.baseOffset);
    records.push(...contents.records.slice(skip));
    last = contents;
  }
  return { records, last };
}

/** The file names of one log: `<name>-<20-digit offset>.log` and `.snapshot`. */
class LogFiles {
  private readonly pattern: RegExp;

  constructor(readonly dir: string, private readonly name: string) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.pattern = new RegExp(`^${escaped}-(\\d{20})\\.(log|snapshot)(\\.tmp)?$`);
  }

  path(kind: 'log' | 'snapshot', offset: number): string {
    return path.join(this.dir, `${this.name}-${filenamePrefixFromOffset(offset)}.${kind}`);
  }

  /** Offsets of the files of one kind, ascending. */
  list(kind: 'log' | 'snapshot'): number[] {
    const offsets: number[] = [];
    for (const entry of fs.readdirSync(this.dir)) {
      const match = this.pattern.exec(entry);
      if (match && match[2] === kind && !match[3]) offsets.push(Number(match[1]));
    }
    return offsets.sort((a, b) => a - b);
  }

  /**
   * Creates the directory, deletes temp files a crash left, adopts a pre-snapshot `legacyFile` as
   * segment 0, and creates segment 0 for a new log.
   */
  prepare(legacyFile: string): void {
    fs.mkdirSync(this.dir, { recursive: true });
    for (const entry of fs.readdirSync(this.dir)) {
      if (this.pattern.exec(entry)?.[3]) fs.rmSync(path.join(this.dir, entry), { force: true });
    }
    if (fs.existsSync(legacyFile) && !fs.existsSync(this.path('log', 0))) {
      fs.renameSync(legacyFile, this.path('log', 0));
      flushDir(this.dir);
    }
    if (this.list('log').length === 0 && this.list('snapshot').length === 0) createSegment(this.path('log', 0), 0);
  }
}
