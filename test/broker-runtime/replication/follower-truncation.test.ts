// The follower's truncation rounds (KIP-101, KIP-279) played between two logs described by the
// epoch of each offset: the follower asks for its latest epoch, the leader answers from its cache,
// the follower truncates, until a round completes. Wherever two histories diverge, the follower
// must end exactly at the divergence point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { truncationFromEpochEndOffset } from '../../../broker-runtime/replication/follower-truncation.js';
import { LeaderEpochFileCache, UNDEFINED_EPOCH } from '../../../broker-runtime/storage/leader-epoch-file-cache.js';

/** A log reduced to the epoch of each offset, with its cache kept as Log keeps it. */
class EpochLog {
  readonly cache = new LeaderEpochFileCache(null);
  readonly epochs: number[] = [];
  constructor(epochs: readonly number[], readonly highWatermark = 0) {
    for (const e of epochs) {
      this.cache.assign(e, this.epochs.length);
      this.epochs.push(e);
    }
  }
  get logEndOffset(): number {
    return this.epochs.length;
  }
  endOffsetForEpoch(epoch: number) {
    const found = this.cache.endOffsetFor(epoch, this.logEndOffset);
    return found.endOffset < 0 ? null : found;
  }
  truncateTo(offset: number): void {
    this.epochs.length = Math.min(offset, this.epochs.length);
    this.cache.truncateFromEnd(Math.min(offset, this.logEndOffset));
  }
}

/** Plays the rounds; returns how many it took. */
function truncate(follower: EpochLog, leader: EpochLog): number {
  for (let round = 1; round <= 50; round++) {
    const asked = follower.cache.latestEpoch;
    if (asked === UNDEFINED_EPOCH) {
      follower.truncateTo(follower.highWatermark);
      return round;
    }
    const answer = leader.cache.endOffsetFor(asked, leader.logEndOffset);
    const target = truncationFromEpochEndOffset(follower, answer);
    follower.truncateTo(target.offset);
    if (target.completed) return round;
  }
  throw new Error('truncation did not converge');
}

/** The leader's log as a new leader holds it: its current epoch recorded at its log end. */
function leaderAt(epochs: readonly number[], currentEpoch: number): EpochLog {
  const log = new EpochLog(epochs);
  log.cache.assign(currentEpoch, log.logEndOffset);
  return log;
}

describe('follower truncation by leader epoch', () => {
  it.each([
    { why: 'a suffix the leader never had (KIP-101)', follower: [0, 0, 0, 0, 0], leader: [0, 0, 1, 1], end: 2, rounds: 1 },
    { why: 'a follower behind the leader keeps everything', follower: [0, 0], leader: [0, 0, 1], end: 2, rounds: 1 },
    { why: 'an epoch the leader never saw (KIP-279): a second round', follower: [0, 0, 2, 2], leader: [0, 1, 1, 3], end: 1, rounds: 2 },
    { why: 'nothing in common: back to offset 0', follower: [2, 2, 4, 4], leader: [1, 1, 3, 3, 5], end: 0, rounds: 2 },
  ])('truncates $why', ({ follower, leader, end, rounds }) => {
    const f = new EpochLog(follower);
    const l = leaderAt(leader, Math.max(...leader, ...follower) + 1);
    expect(truncate(f, l)).toBe(rounds);
    expect(f.epochs).toEqual(leader.slice(0, end));
  });

  it('falls back to the high watermark only when the leader cannot answer', () => {
    expect(truncationFromEpochEndOffset(new EpochLog([0, 0, 0], 1), { epoch: -1, endOffset: -1 })).toEqual({ offset: 1, completed: true });
    // An answer without an epoch (OffsetForLeaderEpoch v0) is taken as is.
    expect(truncationFromEpochEndOffset(new EpochLog([0, 0, 0], 1), { epoch: -1, endOffset: 2 })).toEqual({ offset: 2, completed: true });
    // No epoch known at all (batches without one): the high watermark.
    const bare = new EpochLog([], 0);
    bare.epochs.push(-1, -1);
    expect(truncate(bare, leaderAt([0, 0], 1))).toBe(1);
    expect(bare.logEndOffset).toBe(0);
  });

  it('ends exactly where any two histories diverge, in a bounded number of rounds', () => {
    const history = fc.record({
      prefixSteps: fc.array(fc.nat(2), { maxLength: 6 }),
      continuedBy: fc.constantFrom<'follower' | 'leader' | 'nobody'>('follower', 'leader', 'nobody'),
      continued: fc.integer({ min: 1, max: 3 }),
      terms: fc.array(fc.record({ owner: fc.constantFrom<'follower' | 'leader'>('follower', 'leader'), count: fc.integer({ min: 1, max: 3 }), gap: fc.nat(2) }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(history, ({ prefixSteps, continuedBy, continued, terms }) => {
        // The shared prefix: epochs that never decrease.
        const prefix: number[] = [];
        for (const step of prefixSteps) prefix.push((prefix.at(-1) ?? 0) + step);
        const sides = { follower: [...prefix], leader: [...prefix] };
        // After it, each epoch had one leader: one side may have more of the last shared epoch, then
        // every later epoch is on one side only.
        if (prefix.length > 0 && continuedBy !== 'nobody') sides[continuedBy].push(...Array<number>(continued).fill(prefix.at(-1)!));
        let epoch = prefix.at(-1) ?? 0;
        for (const term of terms) {
          epoch += 1 + term.gap;
          sides[term.owner].push(...Array<number>(term.count).fill(epoch));
        }
        const follower = new EpochLog(sides.follower);
        const leader = leaderAt(sides.leader, epoch + 1);
        const rounds = truncate(follower, leader);
        expect(follower.epochs).toEqual(prefix);
        expect(rounds).toBeLessThanOrEqual(new Set(sides.follower).size + 1);
      }),
      { numRuns: 300 },
    );
  });
});
