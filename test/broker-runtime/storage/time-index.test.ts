import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TimeIndex } from '../../../broker-runtime/storage/time-index.js';
import { tempDir } from './helpers.js';

describe('TimeIndex', () => {
  function index(base = 100): TimeIndex {
    return new TimeIndex(path.join(tempDir(), 'x.timeindex'), base, 1200);
  }

  it('appends only when the timestamp grows, and looks up the largest entry at or below', () => {
    const idx = index();
    idx.maybeAppend(1000, 103);
    idx.maybeAppend(1000, 105); // not larger: skipped
    idx.maybeAppend(900, 106); // smaller: skipped
    idx.maybeAppend(2000, 110);
    expect(idx.entries).toBe(2);
    expect(idx.lookup(999)).toEqual({ timestamp: -1, offset: 100 });
    expect(idx.lookup(1500)).toEqual({ timestamp: 1000, offset: 103 });
    expect(idx.lookup(2000)).toEqual({ timestamp: 2000, offset: 110 });
    expect(idx.lastEntry).toEqual({ timestamp: 2000, offset: 110 });
  });

  it('stores 12-byte entries [int64 timestamp, int32 relative offset]', () => {
    const idx = index();
    idx.maybeAppend(0x1_0000_0002, 107);
    idx.close();
    expect(fs.readFileSync(idx.file)).toEqual(Buffer.from([0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 7]));
  });

  it('truncateTo drops entries for offsets at and above the target', () => {
    const idx = index();
    idx.maybeAppend(1000, 103);
    idx.maybeAppend(2000, 110);
    idx.maybeAppend(3000, 120);
    idx.truncateTo(110);
    expect(idx.lastEntry).toEqual({ timestamp: 1000, offset: 103 });
  });
});
