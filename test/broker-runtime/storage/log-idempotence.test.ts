// Idempotent producers at the log: a retried batch is answered with its original offsets and not
// written again, a gap is refused, and this holds across clean restarts and crashes.
import { describe, expect, it } from 'vitest';
import { kafkaErrorName } from '../../helpers/kafka-error.js';
import { buildRecordBatch } from '../../../broker-runtime/protocol/records/record-batch.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { config, silentLogger, tempDir } from './helpers.js';

function batch(producerId: number, baseSequence: number, count: number, epoch = 0): Buffer {
  return buildRecordBatch({
    producerId,
    producerEpoch: epoch,
    baseSequence,
    baseTimestamp: 1000,
    records: Array.from({ length: count }, (_, i) => ({ key: `k${baseSequence + i}`, value: `v${baseSequence + i}` })),
  });
}


describe('Log idempotent append', () => {
  it('acknowledges a retried batch with its original offsets and appends nothing', () => {
    const log = Log.open(tempDir(), config());
    log.append(batch(-1, -1, 2)); // a plain producer's records first, at offsets 0-1
    expect(log.append(batch(5, 0, 3))).toMatchObject({ firstOffset: 2, lastOffset: 4 });
    expect(log.append(batch(5, 3, 2))).toMatchObject({ firstOffset: 5, lastOffset: 6 });
    expect(log.append(batch(5, 0, 3))).toMatchObject({ firstOffset: 2, lastOffset: 4, recordCount: 0 });
    expect(log.logEndOffset).toBe(7);
    expect(kafkaErrorName(() => log.append(batch(5, 9, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(log.logEndOffset).toBe(7);
    log.close();
  });

  it('keeps deduplicating after a clean restart and after a crash', () => {
    const dir = tempDir();
    const first = Log.open(dir, config({ 'segment.bytes': '300' }));
    for (let seq = 0; seq < 12; seq += 2) first.append(batch(9, seq, 2));
    expect(first.logSegments().length).toBeGreaterThan(1);
    first.close();

    const second = Log.open(dir, config({ 'segment.bytes': '300' }), { hadCleanShutdown: true, logger: silentLogger });
    expect(second.append(batch(9, 10, 2))).toMatchObject({ firstOffset: 10, lastOffset: 11, recordCount: 0 });
    second.append(batch(9, 12, 2));
    second.closeHandlers(); // a crash: no snapshot at close, the newest batches exist only in the log

    const third = Log.open(dir, config({ 'segment.bytes': '300' }), { logger: silentLogger });
    expect(third.append(batch(9, 12, 2))).toMatchObject({ firstOffset: 12, lastOffset: 13, recordCount: 0 });
    expect(kafkaErrorName(() => third.append(batch(9, 20, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(third.append(batch(9, 14, 1))).toMatchObject({ firstOffset: 14, recordCount: 1 });
    third.close();
  });

  it('forgets sequences that a truncation removed', () => {
    const log = Log.open(tempDir(), config());
    log.append(batch(3, 0, 2));
    log.append(batch(3, 2, 2));
    log.truncateTo(2);
    expect(log.append(batch(3, 2, 2))).toMatchObject({ firstOffset: 2, recordCount: 2 });
    log.close();
  });
});
