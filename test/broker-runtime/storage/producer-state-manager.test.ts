import { describe, expect, it } from 'vitest';
import type { BatchHeader } from '../../../broker-runtime/protocol/records/batch-header.js';
import { ProducerStateManager } from '../../../broker-runtime/storage/producer-state-manager.js';
import { kafkaErrorName } from '../../helpers/kafka-error.js';

function header(producerId: number, producerEpoch: number, baseSequence: number, count: number): BatchHeader {
  return {
    baseOffset: 0, sizeInBytes: 100, partitionLeaderEpoch: 0, magic: 2, crc: 0, attributes: 0,
    lastOffsetDelta: count - 1, baseTimestamp: 1000, maxTimestamp: 1000 + count,
    producerId, producerEpoch, baseSequence, recordCount: count,
  };
}


describe('ProducerStateManager', () => {
  it('accepts a contiguous sequence and reports a duplicate with its original offsets', () => {
    const state = new ProducerStateManager();
    expect(state.checkBatch(header(7, 0, 0, 3))).toBeNull();
    state.update(header(7, 0, 0, 3), 10, 12);
    expect(state.checkBatch(header(7, 0, 3, 2))).toBeNull();
    state.update(header(7, 0, 3, 2), 13, 14);
    expect(state.checkBatch(header(7, 0, 0, 3))).toMatchObject({ firstOffset: 10, lastOffset: 12 });
    expect(state.checkBatch(header(7, 0, 3, 2))).toMatchObject({ firstOffset: 13, lastOffset: 14 });
  });

  it('rejects a gap with OUT_OF_ORDER_SEQUENCE_NUMBER and an old epoch with INVALID_PRODUCER_EPOCH', () => {
    const state = new ProducerStateManager();
    state.update(header(7, 2, 0, 3), 0, 2);
    expect(kafkaErrorName(() => state.checkBatch(header(7, 2, 5, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(kafkaErrorName(() => state.checkBatch(header(7, 1, 3, 1)))).toBe('INVALID_PRODUCER_EPOCH');
    expect(kafkaErrorName(() => state.checkBatch(header(8, 0, 4, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(kafkaErrorName(() => state.checkBatch(header(7, 3, 1, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(state.checkBatch(header(7, 3, 0, 1))).toBeNull();
  });

  it('keeps only the last five batches for duplicate detection', () => {
    const state = new ProducerStateManager();
    for (let i = 0; i < 7; i++) state.update(header(1, 0, i, 1), i, i);
    expect(state.entry(1)?.batches.map((b) => b.firstSeq)).toEqual([2, 3, 4, 5, 6]);
    expect(state.checkBatch(header(1, 0, 6, 1))).toMatchObject({ firstOffset: 6 });
    expect(kafkaErrorName(() => state.checkBatch(header(1, 0, 1, 1)))).toBe('OUT_OF_ORDER_SEQUENCE_NUMBER');
  });

  it('survives a snapshot round trip and forgets truncated batches', () => {
    const state = new ProducerStateManager();
    state.update(header(1, 0, 0, 2), 0, 1);
    state.update(header(1, 0, 2, 2), 2, 3);
    const restored = ProducerStateManager.restore(JSON.parse(JSON.stringify(state.snapshot(4))));
    expect(restored.checkBatch(header(1, 0, 2, 2))).toMatchObject({ firstOffset: 2, lastOffset: 3 });
    restored.truncateFrom(2);
    expect(restored.checkBatch(header(1, 0, 2, 2))).toBeNull();
    restored.truncateFrom(0);
    expect(restored.producerCount).toBe(0);
    expect(() => ProducerStateManager.restore({ version: 99, offset: 0, producers: [] })).toThrow(/format version 99/);
  });
});
