// From the record batches of one partition's fetch to the data records a human reads.
//
// Invariant: control records (transaction markers) and records of aborted transactions are never
// data; they are skipped, and the next offset still moves past them, so a page never stalls on them.
// The aborted-transaction walk is Kafka's own (Java consumer, CompletedFetch): the fetch lists each
// aborted transaction's producer and first offset; from that offset on, that producer's
// transactional batches are aborted until its ABORT marker.
import type { RecordsBatch } from '@platformatic/kafka';
import type { FetchedRecord } from './fetched-record.js';

const TIMESTAMP_TYPE_LOG_APPEND = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
/** Control record key: int16 version, int16 type; type 0 is ABORT, 1 COMMIT. */
const CONTROL_TYPE_ABORT = 0;

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

export interface PartitionRecords {
  records: FetchedRecord[];
  /** The offset after the last batch returned; `fetchOffset` when none was. */
  nextOffset: number;
}

/**
 * The data records at or after `fetchOffset` (a fetch returns the whole batch holding it, so
 * earlier records come along and are dropped here).
 */
export function recordsOfBatches(
  partition: number, batches: readonly RecordsBatch[], fetchOffset: number, aborted: readonly AbortedTransaction[] = [],
): PartitionRecords {
  const pendingAborts = [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  const records: FetchedRecord[] = [];
  let nextOffset = fetchOffset;
  for (const batch of batches) {
    const lastOffset = batch.firstOffset + BigInt(batch.lastOffsetDelta);
    nextOffset = Math.max(nextOffset, Number(lastOffset) + 1);
    const transactional = (batch.attributes & TRANSACTIONAL) !== 0;
    const control = (batch.attributes & CONTROL) !== 0;
    if (transactional) {
      while (pendingAborts.length > 0 && pendingAborts[0].firstOffset <= lastOffset) abortedProducers.add(pendingAborts.shift()!.producerId);
      if (control && isAbortMarker(batch)) abortedProducers.delete(batch.producerId);
      else if (abortedProducers.has(batch.producerId)) continue;
    }
    if (control) continue;
    const logAppendTime = (batch.attributes & TIMESTAMP_TYPE_LOG_APPEND) !== 0;
    for (const record of batch.records) {
      const offset = Number(batch.firstOffset) + record.offsetDelta;
      if (offset < fetchOffset) continue;
      records.push({
        partition,
        offset,
        timestamp: Number(logAppendTime ? batch.maxTimestamp : batch.firstTimestamp + record.timestampDelta),
        timestampType: logAppendTime ? 'logAppend' : 'create',
        key: record.key,
        value: record.value,
        headers: record.headers,
      });
    }
  }
  return { records, nextOffset };
}

function isAbortMarker(batch: RecordsBatch): boolean {
  const key = batch.records[0]?.key;
  return key !== null && key !== undefined && key.length >= 4 && key.readInt16BE(2) === CONTROL_TYPE_ABORT;
}
