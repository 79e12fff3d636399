import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OffsetCheckpointFile } from '../../../broker-runtime/storage/checkpoint-file.js';
import {
  CLEANER_OFFSET_CHECKPOINT_FILE,
  CLEAN_SHUTDOWN_FILE,
  LOG_START_OFFSET_CHECKPOINT_FILE,
  LogManager,
  RECOVERY_POINT_CHECKPOINT_FILE,
} from '../../../broker-runtime/storage/log-manager.js';
import { ManualClock, batch, config, keyed, recordsOf, silentLogger, tempDir } from './helpers.js';

function open(dataDir: string, clock = new ManualClock(), overrides: Record<string, string> = {}): LogManager {
  return LogManager.open(dataDir, { clock, defaultConfig: config({ 'segment.bytes': '600', ...overrides }), logger: silentLogger });
}

function readAll(manager: LogManager, topic: string, partition: number): Buffer[] {
  const log = manager.getLog(topic, partition)!;
  const out: Buffer[] = [];
  for (let offset = log.logStartOffset; offset < log.logEndOffset; ) {
    const records = log.read(offset, 1 << 20).records;
    out.push(records);
    const last = recordsOf(records).at(-1)!;
    offset = last.offset + 1;
  }
  return out;
}

describe('LogManager', () => {
  it('keeps data, offsets and log start offsets across a clean restart', () => {
    const dataDir = tempDir();
    const manager = open(dataDir);
    expect(manager.hadCleanShutdown).toBe(false);
    const orders = manager.getOrCreateLog('orders', 0);
    for (let i = 0; i < 8; i++) orders.append(batch(3, { valueSize: 80 }));
    manager.getOrCreateLog('orders', 1).append(batch(2));
    manager.getOrCreateLog('audit.events-v2', 0).append(batch(1));
    orders.deleteRecordsBefore(10);
    const before = readAll(manager, 'orders', 0);
    manager.close();
    expect(fs.existsSync(path.join(dataDir, CLEAN_SHUTDOWN_FILE))).toBe(true);
    expect(new OffsetCheckpointFile(path.join(dataDir, LOG_START_OFFSET_CHECKPOINT_FILE)).read()).toContainEqual({ topic: 'orders', partition: 0, offset: 10 });

    const restarted = open(dataDir);
    expect(restarted.hadCleanShutdown).toBe(true);
    expect(fs.existsSync(path.join(dataDir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    expect(restarted.allLogs().map((l) => `${l.topic}-${l.partition}`).sort()).toEqual(['audit.events-v2-0', 'orders-0', 'orders-1']);
    const log = restarted.getLog('orders', 0)!;
    expect([log.logStartOffset, log.logEndOffset, log.recoveryPoint]).toEqual([10, 24, 24]);
    expect(readAll(restarted, 'orders', 0)).toEqual(before);
    expect(restarted.getLog('orders', 1)!.logEndOffset).toBe(2);
    expect(log.append(batch(1)).firstOffset).toBe(24);
    restarted.close();
  });

  it('recovers after a crash from the checkpointed recovery point, truncating a torn tail', () => {
    const dataDir = tempDir();
    const manager = open(dataDir);
    const log = manager.getOrCreateLog('t', 0);
    for (let i = 0; i < 6; i++) log.append(batch(2, { valueSize: 100 }));
    log.flush();
    manager.checkpointLogRecoveryOffsets();
    log.append(batch(2, { valueSize: 100 }));
    const active = log.activeSegment.log.file;
    manager.closeHandlers(); // kill: no flush, no checkpoint, no marker
    fs.truncateSync(active, fs.statSync(active).size - 5);

    const restarted = open(dataDir);
    expect(restarted.hadCleanShutdown).toBe(false);
    const recovered = restarted.getLog('t', 0)!;
    expect(recovered.logEndOffset).toBe(12);
    expect(recovered.recoveryPoint).toBe(12);
    expect(recordsOf(readAll(restarted, 't', 0).reduce((a, b) => Buffer.concat([a, b]))).map((r) => r.offset)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(recovered.append(batch(1)).firstOffset).toBe(12);
    restarted.close();
  });

  it('ignores an unreadable checkpoint and recovers everything instead', () => {
    const dataDir = tempDir();
    const manager = open(dataDir);
    manager.getOrCreateLog('t', 0).append(batch(4));
    manager.closeHandlers();
    fs.writeFileSync(path.join(dataDir, RECOVERY_POINT_CHECKPOINT_FILE), '7\n1\nt 0 4\n');
    const restarted = open(dataDir);
    expect(restarted.getLog('t', 0)!.logEndOffset).toBe(4);
    restarted.close();
  });

  it('deletes a log by renaming its directory away, and removes leftovers of one at startup', () => {
    const dataDir = tempDir();
    const manager = open(dataDir);
    manager.getOrCreateLog('gone', 0).append(batch(1));
    manager.getOrCreateLog('kept', 0).append(batch(1));
    expect(manager.deleteLog('gone', 0)).toBe(true);
    expect(manager.deleteLog('gone', 0)).toBe(false);
    expect(manager.getLog('gone', 0)).toBeUndefined();
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith('gone'))).toEqual([]);
    const leftover = path.join(dataDir, 'old-3.0123456789abcdef0123456789abcdef-delete');
    fs.mkdirSync(leftover);
    manager.close();
    const restarted = open(dataDir);
    expect(restarted.allLogs().map((l) => l.topic)).toEqual(['kept']);
    expect(fs.existsSync(leftover)).toBe(false);
    expect(restarted.getOrCreateLog('gone', 0).logEndOffset).toBe(0);
    restarted.close();
  });

  it.each(['', '.', '..', 'has space', 'slash/name', 'x'.repeat(250)])('rejects the topic name %j', (topic) => {
    const manager = open(tempDir());
    expect(() => manager.getOrCreateLog(topic, 0)).toThrow(expect.objectContaining({ errorName: 'INVALID_TOPIC_EXCEPTION' }));
    expect(() => manager.getOrCreateLog('ok', -1)).toThrow(expect.objectContaining({ errorName: 'INVALID_PARTITIONS' }));
    manager.close();
  });

  it('runs retention, flushing and compaction when driven with a time', () => {
    const clock = new ManualClock();
    const dataDir = tempDir();
    const manager = open(dataDir, clock, { 'retention.ms': '1000', 'flush.ms': '500' });
    const old = manager.getOrCreateLog('old', 0);
    for (let i = 0; i < 4; i++) old.append(batch(1, { valueSize: 300, timestamp: clock.now() }));
    const compacted = manager.getOrCreateLog('compacted', 0, config({ 'cleanup.policy': 'compact', 'segment.bytes': '300' }));
    for (let i = 0; i < 10; i++) compacted.append(keyed([{ key: `k${i % 2}`, value: `v${i}` }]));

    expect(manager.flushDirtyLogs(clock.now())).toBe(2); // segments rolled since the last flush
    expect(old.recoveryPoint).toBe(old.activeSegment.baseOffset);
    clock.advance(500);
    expect(manager.flushDirtyLogs(clock.now())).toBe(1); // only 'old' has flush.ms
    expect(old.recoveryPoint).toBe(old.logEndOffset);

    expect(manager.cleanupLogs(clock.now())).toBe(0);
    clock.advance(501);
    expect(manager.cleanupLogs(clock.now())).toBe(4);
    expect(old.logStartOffset).toBe(4);

    const recordsBefore = compacted.size;
    expect(manager.cleanLogs(clock.now())).toBe(1);
    expect(compacted.size).toBeLessThan(recordsBefore);
    const firstDirty = manager.cleaner.firstDirtyOffset(compacted);
    expect(new OffsetCheckpointFile(path.join(dataDir, CLEANER_OFFSET_CHECKPOINT_FILE)).read()).toEqual([{ topic: 'compacted', partition: 0, offset: firstDirty }]);
    manager.close();

    const restarted = LogManager.open(dataDir, { clock, configFor: (t) => (t === 'compacted' ? config({ 'cleanup.policy': 'compact' }) : undefined), logger: silentLogger });
    const reloaded = restarted.getLog('compacted', 0)!;
    expect(reloaded.config.cleanupPolicy).toBe('compact');
    expect(restarted.cleaner.firstDirtyOffset(reloaded)).toBe(firstDirty);
    expect(restarted.getLog('old', 0)!.logStartOffset).toBe(4);
    restarted.close();
  });
});
