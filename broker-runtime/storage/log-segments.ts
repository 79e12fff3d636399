// The ordered segments of one partition log (Kafka's LogSegments), searched by base offset.
// Invariant: sorted by base offset, no two with the same base; the last one is the active segment,
// the only one appended to. A Log always has at least one segment once loaded.
import { InvariantViolation } from '../errors.js';
import type { LogSegment } from './log-segment.js';

export class LogSegments {
  private list: LogSegment[] = [];

  add(segment: LogSegment): void {
    const at = this.list.findIndex((s) => s.baseOffset >= segment.baseOffset);
    if (at < 0) this.list.push(segment);
    else if (this.list[at].baseOffset === segment.baseOffset) this.list[at] = segment;
    else this.list.splice(at, 0, segment);
  }

  remove(segment: LogSegment): void {
    const at = this.list.indexOf(segment);
    if (at < 0) throw new InvariantViolation(`segment ${segment.baseOffset} is not in the log`);
    this.list.splice(at, 1);
  }

  clear(): LogSegment[] {
    const all = this.list;
    this.list = [];
    return all;
  }

  get size(): number {
    return this.list.length;
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  values(): readonly LogSegment[] {
    return this.list;
  }

  get activeSegment(): LogSegment {
    const last = this.list[this.list.length - 1];
    if (!last) throw new InvariantViolation('a loaded log has at least one segment');
    return last;
  }

  get firstSegment(): LogSegment | undefined {
    return this.list[0];
  }

  /** Index of the last segment with baseOffset <= offset, or -1. */
  private floorIndex(offset: number): number {
    let lo = 0;
    let hi = this.list.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid].baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** The segment that would hold `offset`: the last one whose base offset is <= it. */
  floorSegment(offset: number): LogSegment | undefined {
    const at = this.floorIndex(offset);
    return at < 0 ? undefined : this.list[at];
  }

  /** Segments that may hold offsets in [from, to): the floor segment of `from` onwards. */
  valuesBetween(from: number, to: number): LogSegment[] {
    const start = Math.max(0, this.floorIndex(from));
    const out: LogSegment[] = [];
    for (let i = start; i < this.list.length && this.list[i].baseOffset < to; i++) out.push(this.list[i]);
    return out;
  }

  sizeInBytes(): number {
    let total = 0;
    for (const segment of this.list) total += segment.size;
    return total;
  }
}
