// Idempotent-producer state of one partition, after Kafka's ProducerStateManager and
// ProducerAppendInfo: for each producer id, its epoch and the sequence ranges of its last five
// batches (max.in.flight.requests.per.connection is at most 5 for an idempotent producer).
//
// - A batch whose sequence range matches one of those five is a duplicate: it is acknowledged with
//   its ORIGINAL offsets and no error, and nothing is appended (UnifiedLog.analyzeAndValidateProducerState).
// - A gap in the sequence gets OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch INVALID_PRODUCER_EPOCH.
// No I/O here: the Log feeds it batch headers and persists snapshots (serialize/restore).
import { KafkaError } from '../errors.js';
import type { BatchHeader } from '../protocol/records/batch-header.js';

export const NUM_BATCHES_TO_RETAIN = 5;
const SNAPSHOT_VERSION = 1;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  firstOffset: number;
  lastOffset: number;
  timestamp: number;
}

export interface ProducerStateEntry {
  producerId: number;
  producerEpoch: number;
  /** Oldest first; at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
  lastTimestamp: number;
}

export interface ProducerSnapshot {
  version: number;
  /** The log end offset the snapshot was taken at: replay batches from here. */
  offset: number;
  producers: ProducerStateEntry[];
}

function lastSeqOf(header: BatchHeader): number {
  // Sequences wrap at Int32.MAX_VALUE, as in DefaultRecordBatch.incrementSequence.
  return (header.baseSequence + header.lastOffsetDelta) % 2 ** 31;
}

export class ProducerStateManager {
  private readonly producers = new Map<number, ProducerStateEntry>();

  /**
   * Checks a batch from a client before it is appended. Returns the original batch when it is a
   * duplicate (the caller answers with its offsets and appends nothing), or null when it may be
   * appended. Throws KafkaError for an out-of-order sequence or a fenced epoch.
   */
  checkBatch(header: BatchHeader): BatchMetadata | null {
    if (header.producerId < 0) return null;
    const entry = this.producers.get(header.producerId);
    if (!entry) {
      // A producer we have no state for (new, or its state expired) must start at sequence 0;
      // Kafka is lenient after state loss, but a fresh id always starts at 0.
      if (header.baseSequence !== 0) {
        throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Producer ${header.producerId} is unknown here and its first batch has sequence ${header.baseSequence}, not 0.`);
      }
      return null;
    }
    if (header.producerEpoch < entry.producerEpoch) {
      throw new KafkaError('INVALID_PRODUCER_EPOCH', `Producer ${header.producerId} epoch ${header.producerEpoch} is older than the current epoch ${entry.producerEpoch}.`);
    }
    if (header.producerEpoch > entry.producerEpoch) {
      if (header.baseSequence !== 0) {
        throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Producer ${header.producerId} started epoch ${header.producerEpoch} at sequence ${header.baseSequence}, not 0.`);
      }
      return null;
    }
    const lastSeq = lastSeqOf(header);
    const duplicate = entry.batches.find((b) => b.firstSeq === header.baseSequence && b.lastSeq === lastSeq);
    if (duplicate) return duplicate;
    const last = entry.batches[entry.batches.length - 1];
    const expected = last ? (last.lastSeq + 1) % 2 ** 31 : 0;
    if (header.baseSequence !== expected) {
      throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Producer ${header.producerId} sent sequence ${header.baseSequence}; expected ${expected}.`);
    }
    return null;
  }

  /**
   * checkBatch for every batch of one append. A duplicate is reported only for an append of that
   * one batch (clients send one batch per partition per request); later batches of a producer in
   * the same append must continue the sequence of the earlier ones.
   */
  checkBatches(headers: readonly BatchHeader[]): BatchMetadata | null {
    const seen = new Map<number, BatchHeader>();
    for (const header of headers) {
      if (header.producerId < 0) continue;
      const previous = seen.get(header.producerId);
      if (!previous) {
        const duplicate = this.checkBatch(header);
        if (duplicate && headers.length === 1) return duplicate;
        if (duplicate) throw new KafkaError('DUPLICATE_SEQUENCE_NUMBER', `Producer ${header.producerId} resent sequence ${header.baseSequence} among other batches.`);
      } else if (header.producerEpoch !== previous.producerEpoch || header.baseSequence !== (lastSeqOf(previous) + 1) % 2 ** 31) {
        throw new KafkaError('OUT_OF_ORDER_SEQUENCE_NUMBER', `Producer ${header.producerId} sent non-contiguous batches in one request.`);
      }
      seen.set(header.producerId, header);
    }
    return null;
  }

  /** Records a batch that was appended at [firstOffset, lastOffset] (also used when replaying the log). */
  update(header: BatchHeader, firstOffset: number, lastOffset: number): void {
    if (header.producerId < 0 || header.baseSequence < 0) return;
    let entry = this.producers.get(header.producerId);
    if (!entry || header.producerEpoch > entry.producerEpoch) {
      entry = { producerId: header.producerId, producerEpoch: header.producerEpoch, batches: [], lastTimestamp: -1 };
      this.producers.set(header.producerId, entry);
    }
    entry.batches.push({ firstSeq: header.baseSequence, lastSeq: lastSeqOf(header), firstOffset, lastOffset, timestamp: header.maxTimestamp });
    if (entry.batches.length > NUM_BATCHES_TO_RETAIN) entry.batches.shift();
    entry.lastTimestamp = header.maxTimestamp;
  }

  /** Forgets batches at or above `offset` (the log was truncated there); drops emptied producers. */
  truncateFrom(offset: number): void {
    for (const [id, entry] of this.producers) {
      entry.batches = entry.batches.filter((b) => b.lastOffset < offset);
      if (entry.batches.length === 0) this.producers.delete(id);
    }
  }

  get producerCount(): number {
    return this.producers.size;
  }

  entry(producerId: number): ProducerStateEntry | undefined {
    return this.producers.get(producerId);
  }

  snapshot(offset: number): ProducerSnapshot {
    return { version: SNAPSHOT_VERSION, offset, producers: [...this.producers.values()].map((e) => structuredClone(e)) };
  }

  static restore(snapshot: ProducerSnapshot): ProducerStateManager {
    if (snapshot.version !== SNAPSHOT_VERSION) {
      throw new Error(`producer state snapshot has format version ${snapshot.version}; this Oxbow reads version ${SNAPSHOT_VERSION}`);
    }
    const manager = new ProducerStateManager();
    for (const entry of snapshot.producers) manager.producers.set(entry.producerId, structuredClone(entry));
    return manager;
  }
}
