// The leader-epoch check of Fetch v9+, ListOffsets v4+ and OffsetForLeaderEpoch (KIP-320):
// -1 means "do not check"; an older epoch is fenced, a newer one is not known here yet.
import { KafkaError } from '../errors.js';

export function checkLeaderEpoch(requested: number | undefined, current: number, what: string): void {
  if (requested === undefined || requested < 0 || requested === current) return;
  if (requested < current) {
    throw new KafkaError('FENCED_LEADER_EPOCH', `Leader epoch ${requested} of ${what} is older than the current epoch ${current}.`);
  }
  throw new KafkaError('UNKNOWN_LEADER_EPOCH', `Leader epoch ${requested} of ${what} is newer than the current epoch ${current}.`);
}
