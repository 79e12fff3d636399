// The "consumer" embedded protocol, read only where the broker has to look inside it: OffsetDelete
// (which topics do the members subscribe to?) and the UI's read model (who owns which partition?).
// Everywhere else the bytes are opaque and handed back unchanged.
import {
  decodeConsumerProtocolSubscription,
  decodeVersionedConsumerProtocolAssignment,
} from '../../protocol/generated/consumer-protocol.js';
import { Reader } from '../../protocol/primitives/reader.js';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/**
 * The topics of a ConsumerProtocolSubscription, or null if the bytes do not parse. Read as
 * version 0, the prefix every later version keeps, so a newer client's metadata still parses.
 */
export function subscribedTopicsOf(metadata: Buffer): string[] | null {
  try {
    const r = new Reader(metadata);
    if (r.int16() < 0) return null;
    return decodeConsumerProtocolSubscription(r, 0).topics;
  } catch {
    return null;
  }
}

/** The partitions of a ConsumerProtocolAssignment; [] for no assignment, null if it does not parse. */
export function assignedPartitionsOf(assignment: Buffer): TopicPartitions[] | null {
  if (assignment.length === 0) return [];
  try {
    const { message } = decodeVersionedConsumerProtocolAssignment(new Reader(assignment));
    return message.assignedPartitions.map((tp) => ({ topic: tp.topic, partitions: [...tp.partitions] }));
  } catch {
    return null;
  }
}
