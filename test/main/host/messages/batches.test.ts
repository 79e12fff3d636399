import { describe, expect, it } from 'vitest';
import { recordsOfBatches } from '../../../../main/host/messages/batches.js';
import { CONTROL, LOG_APPEND_TIME, TRANSACTIONAL, batch } from './records.js';

const offsets = (r: { records: { offset: number }[] }) => r.records.map((x) => x.offset);

describe('records of fetched batches', () => {
  it('gives offsets and CreateTime timestamps per record, and the next offset after the last batch', () => {
    const read = recordsOfBatches(3, [batch({ firstOffset: 10, values: ['a', 'b'], firstTimestamp: 5_000 }), batch({ firstOffset: 12, values: ['c'] })], 10);
    expect(read.records.map((r) => [r.partition, r.offset, r.timestamp, r.timestampType, r.value?.toString()])).toEqual([
      [3, 10, 5_000, 'create', 'a'], [3, 11, 5_010, 'create', 'b'], [3, 12, 1_000, 'create', 'c'],
    ]);
    expect(read.nextOffset).toBe(13);
  });

  it('drops the records before the fetch offset that came with the batch holding it', () => {
    const read = recordsOfBatches(0, [batch({ firstOffset: 100, values: ['a', 'b', 'c', 'd'] })], 102);
    expect(offsets(read)).toEqual([102, 103]);
    expect(read.nextOffset).toBe(104);
  });

  it('stamps every record of a LogAppendTime batch with the batch max timestamp', () => {
    const read = recordsOfBatches(0, [batch({ firstOffset: 0, values: ['a', 'b'], attributes: LOG_APPEND_TIME, firstTimestamp: 1, maxTimestamp: 9_999 })], 0);
    expect(read.records.map((r) => [r.timestamp, r.timestampType])).toEqual([[9_999, 'logAppend'], [9_999, 'logAppend']]);
  });

  it('answers the fetch offset as next when nothing came back', () => {
    expect(recordsOfBatches(0, [], 42)).toEqual({ records: [], nextOffset: 42 });
  });

  it('never shows a transaction marker, and moves past it', () => {
    const read = recordsOfBatches(0, [
      batch({ firstOffset: 0, values: ['t1', 't2'], attributes: TRANSACTIONAL, producerId: 7 }),
      batch({ firstOffset: 2, values: [], attributes: TRANSACTIONAL | CONTROL, producerId: 7, marker: 1 }),
    ], 0);
    expect(offsets(read)).toEqual([0, 1]);
    expect(read.nextOffset).toBe(3);
  });

  it('leaves out the batches of an aborted transaction up to its ABORT marker, and only that producer\'s', () => {
    const read = recordsOfBatches(0, [
      batch({ firstOffset: 0, values: ['plain'] }),
      batch({ firstOffset: 1, values: ['aborted-1', 'aborted-2'], attributes: TRANSACTIONAL, producerId: 7 }),
      batch({ firstOffset: 3, values: ['other-producer'], attributes: TRANSACTIONAL, producerId: 8 }),
      batch({ firstOffset: 4, values: [], attributes: TRANSACTIONAL | CONTROL, producerId: 7, marker: 0 }),
      batch({ firstOffset: 5, values: ['committed-later'], attributes: TRANSACTIONAL, producerId: 7 }),
    ], 0, [{ producerId: 7n, firstOffset: 1n }]);
    expect(read.records.map((r) => r.value?.toString())).toEqual(['plain', 'other-producer', 'committed-later']);
    expect(read.nextOffset).toBe(6);
  });

  it('does not abort a producer\'s batches before its aborted transaction began', () => {
    const read = recordsOfBatches(0, [
      batch({ firstOffset: 0, values: ['earlier'], attributes: TRANSACTIONAL, producerId: 7 }),
      batch({ firstOffset: 1, values: ['aborted'], attributes: TRANSACTIONAL, producerId: 7 }),
      batch({ firstOffset: 2, values: [], attributes: TRANSACTIONAL | CONTROL, producerId: 7, marker: 0 }),
    ], 0, [{ producerId: 7n, firstOffset: 1n }]);
    expect(read.records.map((r) => r.value?.toString())).toEqual(['earlier']);
  });
});
