import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointFileError } from '../../../broker-runtime/storage/checkpoint-file.js';
import {
  LEADER_EPOCH_CHECKPOINT_FILE,
  LeaderEpochFileCache,
  UNDEFINED_EPOCH,
  leaderEpochCheckpoint,
} from '../../../broker-runtime/storage/leader-epoch-file-cache.js';
import { tempDir } from './helpers.js';

function cacheIn(dir = tempDir()): { cache: LeaderEpochFileCache; file: string; dir: string } {
  return { cache: new LeaderEpochFileCache(leaderEpochCheckpoint(dir)), file: path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE), dir };
}

const memory = (...entries: [number, number][]) => new LeaderEpochFileCache(null, entries.map(([epoch, startOffset]) => ({ epoch, startOffset })));
const pairs = (cache: LeaderEpochFileCache) => cache.entries().map((e) => [e.epoch, e.startOffset]);

describe('LeaderEpochFileCache', () => {
  it('records each new epoch once, at its first offset', () => {
    const cache = memory();
    expect(cache.latestEpoch).toBe(UNDEFINED_EPOCH);
    expect(cache.assign(0, 0)).toBe(true);
    expect(cache.assign(0, 5)).toBe(false); // a later batch of the same epoch
    expect(cache.assign(2, 8)).toBe(true);
    expect(cache.assign(2, 9)).toBe(false);
    expect(pairs(cache)).toEqual([[0, 0], [2, 8]]);
    expect(cache.latestEpoch).toBe(2);
  });

  it('keeps epochs and start offsets increasing: an assignment below the latest removes what follows it', () => {
    const cache = memory([0, 0], [2, 8], [4, 20]);
    cache.assign(3, 15); // an older epoch than the latest: the entries it contradicts go
    expect(pairs(cache)).toEqual([[0, 0], [2, 8], [3, 15]]);
    cache.assign(3, 10); // the latest epoch starting earlier than recorded
    expect(pairs(cache)).toEqual([[0, 0], [2, 8], [3, 10]]);
    cache.assign(5, 8); // a newer epoch at an offset an older one already claims
    expect(pairs(cache)).toEqual([[0, 0], [5, 8]]);
    expect(() => cache.assign(-1, 0)).toThrow(/invalid leader epoch entry/);
  });

  it("answers endOffsetFor as Kafka's LeaderEpochFileCache does", () => {
    const cache = memory([1, 0], [3, 10], [6, 25]);
    // The latest epoch ends at the log end.
    expect(cache.endOffsetFor(6, 40)).toEqual({ epoch: 6, endOffset: 40 });
    // A known epoch ends where the next one starts.
    expect(cache.endOffsetFor(3, 40)).toEqual({ epoch: 3, endOffset: 25 });
    // An unknown epoch between known ones: the largest known below it, ending where the next starts (KIP-279).
    expect(cache.endOffsetFor(4, 40)).toEqual({ epoch: 3, endOffset: 25 });
    expect(cache.endOffsetFor(2, 40)).toEqual({ epoch: 1, endOffset: 10 });
    // Below every known epoch: the asked epoch, ending where the first known one starts.
    expect(cache.endOffsetFor(0, 40)).toEqual({ epoch: 0, endOffset: 0 });
    // Above every known epoch, UNDEFINED asked, or nothing known: undefined.
    expect(cache.endOffsetFor(7, 40)).toEqual({ epoch: -1, endOffset: -1 });
    expect(cache.endOffsetFor(UNDEFINED_EPOCH, 40)).toEqual({ epoch: -1, endOffset: -1 });
    expect(memory().endOffsetFor(0, 40)).toEqual({ epoch: -1, endOffset: -1 });
  });

  it('truncates from the end: epochs that began at or after the new log end go', () => {
    const cache = memory([1, 0], [3, 10], [6, 25]);
    cache.truncateFromEnd(30);
    expect(pairs(cache)).toEqual([[1, 0], [3, 10], [6, 25]]);
    cache.truncateFromEnd(25);
    expect(pairs(cache)).toEqual([[1, 0], [3, 10]]);
    cache.truncateFromEnd(11);
    expect(pairs(cache)).toEqual([[1, 0], [3, 10]]);
    cache.truncateFromEnd(0);
    expect(pairs(cache)).toEqual([]);
  });

  it('truncates from the start: the epoch holding the new log start begins there, older ones go', () => {
    const cache = memory([1, 0], [3, 10], [6, 25]);
    cache.truncateFromStart(0);
    expect(pairs(cache)).toEqual([[1, 0], [3, 10], [6, 25]]);
    cache.truncateFromStart(12);
    expect(pairs(cache)).toEqual([[3, 12], [6, 25]]);
    cache.truncateFromStart(25);
    expect(pairs(cache)).toEqual([[6, 25]]);
    cache.truncateFromStart(40);
    expect(pairs(cache)).toEqual([[6, 40]]);
    cache.clear();
    expect(cache.isEmpty).toBe(true);
  });

  it("persists every change in Kafka's leader-epoch-checkpoint format and reads it back", () => {
    const { cache, file, dir } = cacheIn();
    cache.assign(0, 0);
    cache.assign(3, 1200);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n2\n0 0\n3 1200\n');
    cache.truncateFromStart(7);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n2\n0 7\n3 1200\n');
    cache.truncateFromEnd(1200);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n1\n0 7\n');
    expect(leaderEpochCheckpoint(dir).read()).toEqual([{ epoch: 0, startOffset: 7 }]);
    cache.clear();
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n0\n');
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('writes once for a batch of changes', () => {
    const { cache, file } = cacheIn();
    cache.batch(() => {
      cache.assign(0, 0);
      cache.assign(1, 5);
      expect(fs.existsSync(file)).toBe(false);
    });
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n2\n0 0\n1 5\n');
  });

  it('refuses a checkpoint of another format version or with malformed lines', () => {
    const { file, dir } = cacheIn();
    fs.writeFileSync(file, '1\n1\n0 0\n');
    expect(() => leaderEpochCheckpoint(dir).read()).toThrow(CheckpointFileError);
    fs.writeFileSync(file, '0\n1\n0 -5\n');
    expect(() => leaderEpochCheckpoint(dir).read()).toThrow(/malformed line 3/);
  });
});
