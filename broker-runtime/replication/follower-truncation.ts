// Where a follower truncates its log before it fetches (KIP-101, KIP-279): a pure function of the
// follower's own epochs and the leader's answer to OffsetForLeaderEpoch(follower's latest epoch),
// as Kafka's AbstractFetcherThread.getOffsetTruncationState decides it.
//
// The leader answers the largest epoch it knows <= the one asked and where that epoch ends in its
// log. When the follower knows that epoch too, the logs agree up to the smaller of the two ends.
// When it does not (KIP-279: both logs have epochs the other never saw), the follower cuts back
// to where its own epochs below the leader's answer end and asks again with its new latest epoch;
// every round removes at least one epoch, so the rounds end.
import { UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET, type EpochEndOffset } from '../storage/leader-epoch-file-cache.js';

export interface TruncationState {
  /** Truncate the log to this offset (a no-op when it is at or past the log end). */
  offset: number;
  /** False: ask the leader again with the follower's latest epoch after this truncation. */
  completed: boolean;
}

export interface FollowerLogView {
  logEndOffset: number;
  highWatermark: number;
  /** The follower's own endOffsetFor(epoch), null when it knows no epoch <= `epoch`. */
  endOffsetForEpoch(epoch: number): EpochEndOffset | null;
}

export function truncationFromEpochEndOffset(follower: FollowerLogView, leader: EpochEndOffset): TruncationState {
  const end = follower.logEndOffset;
  // The leader knows no epoch <= ours: the high watermark is all that is known to be shared.
  if (leader.endOffset === UNDEFINED_EPOCH_OFFSET) return { offset: Math.min(follower.highWatermark, end), completed: true };
  // An answer without an epoch (OffsetForLeaderEpoch v0): its offset is all there is to go by.
  if (leader.epoch === UNDEFINED_EPOCH) return { offset: Math.min(leader.endOffset, end), completed: true };
  const own = follower.endOffsetForEpoch(leader.epoch);
  // We know no epoch <= the answer (our epochs were cleared meanwhile): the leader's offset decides.
  if (own === null) return { offset: Math.min(leader.endOffset, end), completed: true };
  if (own.epoch !== leader.epoch) return { offset: Math.min(own.endOffset, end), completed: false };
  return { offset: Math.min(own.endOffset, leader.endOffset, end), completed: true };
}
