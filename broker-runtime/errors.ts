// Errors inside the engine are typed: a KafkaError carries the Kafka error code the handler edge
// answers with. Programmer bugs are a different type (InvariantViolation) and are never mapped to
// a client-visible code other than UNKNOWN_SERVER_ERROR.
import { ErrorCode, type ErrorCodeName } from './protocol/error-codes.js';

export class KafkaError extends Error {
  readonly code: number;
  constructor(readonly errorName: ErrorCodeName, message: string) {
    super(message);
    this.name = 'KafkaError';
    this.code = ErrorCode[errorName];
  }
}

/** A bad CRC, a batch that does not parse, or a magic other than 2. */
export class CorruptRecordError extends KafkaError {
  constructor(message: string) {
    super('CORRUPT_MESSAGE', message);
  }
}

export class MessageTooLargeError extends KafkaError {
  constructor(message: string) {
    super('MESSAGE_TOO_LARGE', message);
  }
}

export class InvalidRecordError extends KafkaError {
  constructor(message: string) {
    super('INVALID_RECORD', message);
  }
}

export class OffsetOutOfRangeError extends KafkaError {
  constructor(message: string) {
    super('OFFSET_OUT_OF_RANGE', message);
  }
}

/** A programmer bug: an invariant the code itself should have kept. */
export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantViolation';
  }
}

/** The Kafka error code to answer with, for any thrown value. */
export function errorCodeOf(err: unknown): number {
  return err instanceof KafkaError ? err.code : ErrorCode.UNKNOWN_SERVER_ERROR;
}
