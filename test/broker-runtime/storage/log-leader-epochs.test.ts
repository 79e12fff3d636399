// The leader-epoch cache as the Log keeps it: filled by appends (the leader's stamp, or the epoch
// in a fetched batch's header), cut by truncation and by a rising log start, and rebuilt from the
// batches when its checkpoint is missing, damaged or behind the log after a crash.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEADER_EPOCH_CHECKPOINT_FILE, leaderEpochCheckpoint } from '../../../broker-runtime/storage/leader-epoch-file-cache.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { batch, config, silentLogger, tempDir } from './helpers.js';

const pairs = (log: Log) => log.leaderEpochCache.entries().map((e) => [e.epoch, e.startOffset]);

/** A leader's log of 3-record batches: two at epoch 0, two at epoch 2, one at epoch 5 (offsets 0-14). */
function leaderLog(dir = tempDir(), overrides: Record<string, string> = {}): Log {
  const log = Log.open(dir, config(overrides), { logger: silentLogger });
  for (const epoch of [0, 0, 2, 2, 5]) log.append(batch(3), { leaderEpoch: epoch });
  return log;
}

describe('Log leader epochs', () => {
  it('records the epoch a leader stamps on its appends, once per epoch', () => {
    const log = leaderLog();
    expect(pairs(log)).toEqual([[0, 0], [2, 6], [5, 12]]);
    expect(log.endOffsetForEpoch(2)).toEqual({ epoch: 2, endOffset: 12 });
    expect(log.endOffsetForEpoch(5)).toEqual({ epoch: 5, endOffset: 15 });
    expect(log.endOffsetForEpoch(9)).toBeNull();
  });

  it("records the epochs in a follower's fetched batches, read from their headers", () => {
    const leader = leaderLog();
    const follower = Log.open(tempDir(), config(), { logger: silentLogger });
    follower.append(leader.read(0, 1 << 20).records, { assignOffsets: false });
    expect(follower.logEndOffset).toBe(15);
    expect(pairs(follower)).toEqual(pairs(leader));
  });

  it('lets a new leader record its epoch at the log end before it appends', () => {
    const log = leaderLog();
    log.maybeAssignEpochStartOffset(7);
    expect(pairs(log)).toEqual([[0, 0], [2, 6], [5, 12], [7, 15]]);
    expect(log.endOffsetForEpoch(5)).toEqual({ epoch: 5, endOffset: 15 });
    log.append(batch(1), { leaderEpoch: 7 });
    expect(pairs(log)).toEqual([[0, 0], [2, 6], [5, 12], [7, 15]]);
  });

  it('cuts epochs from the end on truncation, including one begun at the log end with nothing in it', () => {
    const log = leaderLog();
    expect(log.truncateTo(8)).toBe(true);
    expect(pairs(log)).toEqual([[0, 0], [2, 6]]);
    log.maybeAssignEpochStartOffset(6);
    expect(log.truncateTo(8)).toBe(false);
    expect(pairs(log)).toEqual([[0, 0], [2, 6]]);
    log.truncateFullyAndStartAt(20);
    expect(pairs(log)).toEqual([]);
    expect(fs.readFileSync(path.join(log.dir, LEADER_EPOCH_CHECKPOINT_FILE), 'utf8')).toBe('0\n0\n');
  });

  it('moves the first epoch up with the log start (DeleteRecords and retention)', () => {
    const log = leaderLog(tempDir(), { 'segment.bytes': '200' });
    log.deleteRecordsBefore(7);
    expect(pairs(log)).toEqual([[2, 7], [5, 12]]);
    log.deleteRecordsBefore(13);
    expect(pairs(log)).toEqual([[5, 13]]);
    expect(leaderEpochCheckpoint(log.dir).read()).toEqual([{ epoch: 5, startOffset: 13 }]);
  });

  it('rebuilds a missing or unreadable checkpoint from the batches when the log opens', () => {
    const dir = tempDir();
    leaderLog(dir, { 'segment.bytes': '300' }).close();
    const file = path.join(dir, LEADER_EPOCH_CHECKPOINT_FILE);
    fs.rmSync(file);
    const reopened = Log.open(dir, config({ 'segment.bytes': '300' }), { hadCleanShutdown: true, logger: silentLogger });
    expect(reopened.logSegments().length).toBeGreaterThan(1);
    expect(pairs(reopened)).toEqual([[0, 0], [2, 6], [5, 12]]);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n3\n0 0\n2 6\n5 12\n');
    reopened.close();
    fs.writeFileSync(file, 'garbage');
    const again = Log.open(dir, config({ 'segment.bytes': '300' }), { hadCleanShutdown: true, logger: silentLogger });
    expect(pairs(again)).toEqual([[0, 0], [2, 6], [5, 12]]);
  });

  it('after a crash, completes a checkpoint behind the log and cuts one ahead of it', () => {
    const dir = tempDir();
    const log = leaderLog(dir);
    log.flush(6);
    log.closeHandlers();
    // Behind: the last two epochs never reached the checkpoint (a crash between append and write).
    leaderEpochCheckpoint(dir).write([{ epoch: 0, startOffset: 0 }]);
    const recovered = Log.open(dir, config(), { recoveryPoint: 6, logger: silentLogger });
    expect(pairs(recovered)).toEqual([[0, 0], [2, 6], [5, 12]]);
    recovered.closeHandlers();
    // Ahead: an epoch past the log end (its batches were lost with the page cache).
    leaderEpochCheckpoint(dir).write([{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 6 }, { epoch: 5, startOffset: 12 }, { epoch: 8, startOffset: 15 }]);
    const cut = Log.open(dir, config(), { recoveryPoint: 15, logger: silentLogger });
    expect(pairs(cut)).toEqual([[0, 0], [2, 6], [5, 12]]);
  });
});
