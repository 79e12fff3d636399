// How a backend error reaches the UI: the contract's plain ApiErrorBody (both transports carry
// errors as data), rethrown here as one Error class the screens can read.
import type { ApiErrorBody, ApiErrorCode } from '../../main/contract/index.js';

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  /** Kafka's error name when the cluster refused (e.g. TOPIC_ALREADY_EXISTS). */
  readonly kafkaCode: string | undefined;
  readonly issues: { path: string; message: string }[];

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.kafkaCode = body.kafkaCode;
    this.issues = body.issues ?? [];
  }
}

const CODES: readonly ApiErrorCode[] = ['INVALID_ARGUMENT', 'NOT_FOUND', 'KAFKA_ERROR', 'UNSUPPORTED', 'UNAVAILABLE', 'INTERNAL'];

/** True for a value shaped like the contract's ApiErrorBody (what both transports send). */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && CODES.includes(v.code as ApiErrorCode);
}

/**
 * Anything a call rejected with, as an ApiError. Electron's IPC turns a rejection into an Error
 * whose message carries the text; a plain body (if the preload passes it through) keeps its fields.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (isApiErrorBody(err)) return new ApiError(err);
  const message = err instanceof Error ? err.message : String(err);
  return new ApiError({ code: 'INTERNAL', message });
}
