// What the consumer group handlers share: how a member's host is named, and how a failed group
// operation (the group is served by another broker, its topic does not exist yet, an append to
// __consumer_offsets failed, a bug) becomes the error code the client sees.
import { KafkaError, errorCodeOf } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ConnectionInfo } from '../network/connection.js';
import { ErrorCode } from '../protocol/error-codes.js';

/**
 * The member's host as Kafka reports it (DescribeGroups ClientHost): the peer address as Java
 * prints an InetAddress, "/127.0.0.1", without the port and without an IPv4-mapped prefix.
 */
export function clientHostOf(connection: ConnectionInfo): string {
  const address = connection.remoteAddress;
  const colon = address.lastIndexOf(':');
  const host = colon < 0 ? address : address.slice(0, colon);
  return `/${host.startsWith('::ffff:') ? host.slice('::ffff:'.length) : host}`;
}

/**
 * Errors of the __consumer_offsets append that group clients cannot act on, as the ones they can
 * (Kafka's GroupCoordinatorService.handleOperationException): a partition that is gone or lost
 * its leadership means "find the coordinator again".
 */
const APPEND_ERRORS: ReadonlyMap<number, number> = new Map([
  [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.COORDINATOR_NOT_AVAILABLE],
  [ErrorCode.NOT_ENOUGH_REPLICAS, ErrorCode.COORDINATOR_NOT_AVAILABLE],
  [ErrorCode.REQUEST_TIMED_OUT, ErrorCode.COORDINATOR_NOT_AVAILABLE],
  [ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.NOT_COORDINATOR],
  [ErrorCode.KAFKA_STORAGE_ERROR, ErrorCode.NOT_COORDINATOR],
  [ErrorCode.MESSAGE_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
  [ErrorCode.RECORD_LIST_TOO_LARGE, ErrorCode.UNKNOWN_SERVER_ERROR],
  [ErrorCode.INVALID_FETCH_SIZE, ErrorCode.UNKNOWN_SERVER_ERROR],
]);

/**
 * The error code to answer for a group operation that threw: NOT_COORDINATOR and
 * COORDINATOR_NOT_AVAILABLE come as KafkaErrors from the coordinator service; append failures are
 * mapped as Kafka maps them; anything else is a bug, logged and answered UNKNOWN_SERVER_ERROR.
 */
export function groupErrorCode(err: unknown, log: Logger, what: string): number {
  if (!(err instanceof KafkaError)) log.error(`${what} failed`, err);
  const code = errorCodeOf(err);
  const mapped = APPEND_ERRORS.get(code);
  if (mapped === undefined) return code;
  if (mapped === ErrorCode.UNKNOWN_SERVER_ERROR) log.error(`${what} failed`, err);
  return mapped;
}
