import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CorruptIndexError } from '../../../broker-runtime/storage/abstract-index.js';
import { OffsetIndex } from '../../../broker-runtime/storage/offset-index.js';
import { tempDir } from './helpers.js';

describe('OffsetIndex', () => {
  function index(entries: [number, number][], base = 100, maxIndexSize = 1024): OffsetIndex {
    const idx = new OffsetIndex(path.join(tempDir(), 'x.index'), base, maxIndexSize);
    for (const [offset, position] of entries) idx.append(offset, position);
    return idx;
  }

  it('looks up the largest entry at or below the target, or (base, 0)', () => {
    const idx = index([[105, 400], [110, 900], [120, 1500]]);
    expect(idx.lookup(99)).toEqual({ offset: 100, position: 0 });
    expect(idx.lookup(104)).toEqual({ offset: 100, position: 0 });
    expect(idx.lookup(105)).toEqual({ offset: 105, position: 400 });
    expect(idx.lookup(119)).toEqual({ offset: 110, position: 900 });
    expect(idx.lookup(10_000)).toEqual({ offset: 120, position: 1500 });
    expect(index([]).lookup(150)).toEqual({ offset: 100, position: 0 });
  });

  it('finds the right entry among many (binary search)', () => {
    const idx = index(Array.from({ length: 100 }, (_, i): [number, number] => [100 + i * 3 + 1, i * 50 + 10]), 100, 8 * 100);
    for (let target = 100; target < 420; target++) {
      const i = Math.floor((target - 101) / 3);
      const expected = target < 101 ? { offset: 100, position: 0 } : { offset: 100 + Math.min(i, 99) * 3 + 1, position: Math.min(i, 99) * 50 + 10 };
      expect(idx.lookup(target)).toEqual(expected);
    }
    expect(idx.isFull()).toBe(true);
  });

  it('stores 8-byte big-endian entries [relative offset, position] and reloads them', () => {
    const idx = index([[105, 400], [110, 900]]);
    idx.close();
    const bytes = fs.readFileSync(idx.file);
    expect(bytes).toEqual(Buffer.from([0, 0, 0, 5, 0, 0, 1, 0x90, 0, 0, 0, 10, 0, 0, 3, 0x84]));
    const reloaded = new OffsetIndex(idx.file, 100, 1024);
    expect(reloaded.entries).toBe(2);
    expect(reloaded.lookup(111)).toEqual({ offset: 110, position: 900 });
  });

  it('truncateTo drops the entries at and above an offset, on disk too', () => {
    const idx = index([[105, 400], [110, 900], [120, 1500]]);
    idx.flush();
    idx.truncateTo(110);
    expect(idx.entries).toBe(1);
    expect(idx.lookup(200)).toEqual({ offset: 105, position: 400 });
    idx.close();
    expect(fs.statSync(idx.file).size).toBe(8);
  });

  it('sanityCheck rejects torn files, disorder and entries past the log', () => {
    const idx = index([[105, 400], [110, 900]]);
    idx.close();
    expect(() => new OffsetIndex(idx.file, 100, 1024).sanityCheck(1000, 111)).not.toThrow();
    expect(() => new OffsetIndex(idx.file, 100, 1024).sanityCheck(800, 111)).toThrow(CorruptIndexError);
    expect(() => new OffsetIndex(idx.file, 100, 1024).sanityCheck(1000, 110)).toThrow(CorruptIndexError);
    fs.appendFileSync(idx.file, Buffer.from([1, 2, 3]));
    expect(() => new OffsetIndex(idx.file, 100, 1024).sanityCheck(1000, 111)).toThrow(/not a multiple of 8/);
    fs.writeFileSync(idx.file, Buffer.from([0, 0, 0, 9, 0, 0, 0, 9, 0, 0, 0, 5, 0, 0, 0, 20]));
    expect(() => new OffsetIndex(idx.file, 100, 1024).sanityCheck(1000, 111)).toThrow(/out of order/);
  });
});
