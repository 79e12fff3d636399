// Shared by the storage tests: temp dirs, an injected clock, and batch builders.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';
import { buildRecordBatch, readRecords } from '../../../broker-runtime/protocol/records/record-batch.js';
import { splitBatches } from '../../../broker-runtime/protocol/records/batch-header.js';
import type { Clock } from '../../../broker-runtime/storage/clock.js';
import { createLogger } from '../../../broker-runtime/logger.js';
import { type LogConfig, parseLogConfig } from '../../../broker-runtime/storage/log-config.js';

const dirs: string[] = [];

/** Recovery logs what it repairs at WARN; tests that crash on purpose keep the output quiet. */
export const silentLogger = createLogger('test', 'silent');

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export class ManualClock implements Clock {
  constructor(public time = 1_700_000_000_000) {}
  now(): number {
    return this.time;
  }
  advance(ms: number): void {
    this.time += ms;
  }
}

export function config(overrides: Record<string, string> = {}): LogConfig {
  return parseLogConfig(overrides);
}

/** One uncompressed batch of `count` records "k<i>"/"v<i>" with timestamps from `timestamp`. */
export function batch(count: number, opts: { timestamp?: number; valueSize?: number; keyPrefix?: string; baseOffset?: number } = {}): Buffer {
  const ts = opts.timestamp ?? 1_700_000_000_000;
  const records = Array.from({ length: count }, (_, i) => ({
    key: `${opts.keyPrefix ?? 'k'}${i}`,
    value: opts.valueSize ? Buffer.alloc(opts.valueSize, i % 251) : `v${i}`,
    timestamp: ts + i,
  }));
  return buildRecordBatch({ records, baseOffset: opts.baseOffset ?? 0 });
}

/** A batch of explicit key/value records (value null = tombstone). */
export function keyed(records: { key: string | null; value: string | null; timestamp?: number }[], opts: { producerId?: number } = {}): Buffer {
  return buildRecordBatch({
    records: records.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp ?? 1_700_000_000_000 })),
    ...(opts.producerId !== undefined ? { producerId: opts.producerId, producerEpoch: 0, baseSequence: 0 } : {}),
  });
}

/** Decodes every record of a buffer of whole batches. */
export function recordsOf(buf: Buffer): { offset: number; key: string | null; value: string | null; timestamp: number }[] {
  return splitBatches(buf).flatMap(({ batch: b }) =>
    readRecords(b).map((r) => ({ offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null, timestamp: r.timestamp })),
  );
}

/** Base offsets of the batches in a buffer of whole batches. */
export function baseOffsetsOf(buf: Buffer): number[] {
  return splitBatches(buf).map((b) => b.header.baseOffset);
}
