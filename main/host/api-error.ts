// Errors as they cross a transport: always a plain ApiErrorBody, never a thrown class instance
// (main/contract). The host throws ApiError for what it decides itself (an unknown broker, a
// control that does not apply); whatever else comes up (kafkajs, the engine, a bug) is mapped
// here, once, for both transports.
import kafkajs from 'kafkajs';
import type { ApiErrorBody, ApiErrorCode } from '../contract/index.js';

// kafkajs is CommonJS and spreads its error classes into module.exports, which Node's ESM named
// exports cannot see: they are reached through the default export.
const { KafkaJSProtocolError, KafkaJSAggregateError, KafkaJSNumberOfRetriesExceeded, KafkaJSConnectionError } = kafkajs;

export class ApiError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }
}

export function apiError(code: ApiErrorCode, message: string, kafkaCode?: string): ApiError {
  return new ApiError(kafkaCode === undefined ? { code, message } : { code, message, kafkaCode });
}

/** Kafka errors that mean "no such thing" rather than "the cluster refused". */
const NOT_FOUND_KAFKA_CODES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);

export type ErrorLog = (message: string, err: unknown) => void;

/** Maps anything thrown by a call to the body both transports send; logs what is unexpected. */
export function toErrorBody(err: unknown, log: ErrorLog): ApiErrorBody {
  if (err instanceof ApiError) return err.body;
  const cause = unwrap(err);
  const kafkaCode = kafkaErrorType(cause);
  if (kafkaCode !== undefined) {
    const code: ApiErrorCode = NOT_FOUND_KAFKA_CODES.has(kafkaCode) ? 'NOT_FOUND' : 'KAFKA_ERROR';
    return { code, message: messageOf(cause), kafkaCode };
  }
  if (cause instanceof KafkaJSConnectionError || isBrokerUnreachable(cause)) {
    return { code: 'UNAVAILABLE', message: `The cluster cannot be reached: ${messageOf(cause)}` };
  }
  log('call failed', err);
  return { code: 'INTERNAL', message: messageOf(cause) };
}

/** The Kafka error name (e.g. TOPIC_ALREADY_EXISTS) inside whatever kafkajs threw, if any. */
export function kafkaErrorType(err: unknown): string | undefined {
  const cause = unwrap(err);
  return cause instanceof KafkaJSProtocolError ? String(cause.type) : undefined;
}

/**
 * kafkajs wraps the error that ended its retries, and reports per-topic failures of one request
 * as an aggregate: the first Kafka error inside is the one worth showing.
 */
function unwrap(err: unknown): unknown {
  let current = err;
  for (let depth = 0; depth < 5; depth++) {
    if (current instanceof KafkaJSNumberOfRetriesExceeded && current.cause) current = current.cause;
    else if (current instanceof KafkaJSAggregateError && current.errors.length > 0) current = current.errors[0];
    else break;
  }
  return current;
}

function isBrokerUnreachable(err: unknown): boolean {
  const name = err instanceof Error ? err.name : '';
  return name === 'KafkaJSBrokerNotFound' || name === 'KafkaJSNoBrokerAvailableError' || name === 'KafkaJSRequestTimeoutError';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
