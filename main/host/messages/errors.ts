// @platformatic/kafka's errors as API errors. The host's own mapping (../api-error.ts) knows
// kafkajs; this one knows platformatic's: a ProtocolError names the Kafka error in `apiId`, and
// failures come wrapped (retries, one response's partitions) in MultipleErrors.
import { ApiError, apiError } from '../api-error.js';

const NOT_FOUND_KAFKA_CODES = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID']);

/** Kafka errors after which the cached metadata (leaders, topics) may be what is wrong: refresh and ask once more. */
export const STALE_METADATA_ERRORS = new Set([
  'NOT_LEADER_OR_FOLLOWER', 'LEADER_NOT_AVAILABLE', 'FENCED_LEADER_EPOCH', 'UNKNOWN_LEADER_EPOCH', 'REPLICA_NOT_AVAILABLE',
  'KAFKA_STORAGE_ERROR', 'UNKNOWN_TOPIC_OR_PARTITION', 'UNKNOWN_TOPIC_ID', 'OFFLINE_PARTITION',
]);
const UNREACHABLE_CODES = new Set(['PLT_KFK_NETWORK', 'PLT_KFK_TIMEOUT']);

interface PlatformaticError {
  code?: unknown;
  apiId?: unknown;
  errors?: unknown;
  cause?: unknown;
  message?: unknown;
  response?: unknown;
}

/** Every error inside `err` (itself first), depth first, through `errors` and `cause`. */
export function* errorChain(err: unknown, depth = 0): Generator<PlatformaticError> {
  if (err === null || typeof err !== 'object' || depth > 6) return;
  const e = err as PlatformaticError;
  yield e;
  if (Array.isArray(e.errors)) for (const inner of e.errors) yield* errorChain(inner, depth + 1);
  if (e.cause !== undefined) yield* errorChain(e.cause, depth + 1);
}

/** The Kafka error name (e.g. OFFSET_OUT_OF_RANGE) inside a platformatic error, if any. */
export function kafkaErrorName(err: unknown): string | undefined {
  for (const e of errorChain(err)) if (typeof e.apiId === 'string') return e.apiId;
  return undefined;
}

/** What a method set throws to the dispatcher: an ApiError when the failure is understood. */
export function toApiError(err: unknown, topic?: string): unknown {
  if (err instanceof ApiError) return err;
  const kafkaCode = kafkaErrorName(err);
  if (kafkaCode !== undefined) {
    if (NOT_FOUND_KAFKA_CODES.has(kafkaCode)) return unknownTopic(topic, kafkaCode);
    return apiError('KAFKA_ERROR', firstMessage(err), kafkaCode);
  }
  for (const e of errorChain(err)) {
    // platformatic's metadata turns UNKNOWN_TOPIC_OR_PARTITION into a UserError once retries are spent.
    if (e.code === 'PLT_KFK_USER' && typeof e.message === 'string' && e.message.startsWith('Unknown topic')) return unknownTopic(topic);
    if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) {
      return apiError('UNAVAILABLE', `The cluster cannot be reached: ${firstMessage(err)}`);
    }
  }
  return err;
}

export function unknownTopic(topic: string | undefined, kafkaCode = 'UNKNOWN_TOPIC_OR_PARTITION'): ApiError {
  return apiError('NOT_FOUND', topic === undefined ? 'No such topic or partition.' : `Topic "${topic}" does not exist.`, kafkaCode);
}

/** The innermost message worth showing: wrappers say "failed 2 times", the leaf says why. */
function firstMessage(err: unknown): string {
  let best = err instanceof Error ? err.message : String(err);
  for (const e of errorChain(err)) {
    if (typeof e.message === 'string' && e.message !== '' && !Array.isArray(e.errors)) {
      best = e.message;
      break;
    }
  }
  return best;
}

/** Runs a call, mapping what it throws. */
export async function mapErrors<T>(topic: string | undefined, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toApiError(err, topic);
  }
}
