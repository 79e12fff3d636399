// Kafka's refusals of group changes, said so the user knows what to do. Both client libraries
// bury the Kafka error name: kafkajs in a protocol error's `type` (possibly inside a
// DeleteGroups error's per-group list), @platformatic/kafka in `apiId` inside nested aggregates.
import { type ApiError, apiError, kafkaErrorType } from '../api-error.js';

/** The first Kafka error name (e.g. NON_EMPTY_GROUP) anywhere inside what a client threw. */
export function kafkaErrorName(err: unknown, depth = 0): string | undefined {
  if (depth > 6 || typeof err !== 'object' || err === null) return undefined;
  const fromKafkajs = kafkaErrorType(err);
  if (fromKafkajs !== undefined) return fromKafkajs;
  const e = err as { apiId?: unknown; errors?: unknown; groups?: unknown; cause?: unknown };
  if (typeof e.apiId === 'string') return e.apiId;
  const nested = [
    ...(Array.isArray(e.errors) ? e.errors : []),
    ...(Array.isArray(e.groups) ? e.groups.map((g: { error?: unknown }) => g?.error) : []),
    e.cause,
  ];
  for (const inner of nested) {
    const name = kafkaErrorName(inner, depth + 1);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Kafka's answers to a commit or delete while a group has members. */
const ACTIVE_GROUP_ERRORS = new Set(['NON_EMPTY_GROUP', 'UNKNOWN_MEMBER_ID', 'REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION']);

export function activeGroupError(groupId: string, doing: 'reset' | 'delete', now: { state: string; members: number } | null, kafkaCode = 'NON_EMPTY_GROUP'): ApiError {
  const what = doing === 'reset' ? 'Offsets can be reset' : 'A group can be deleted';
  const has = now === null ? 'has active members now'
    : now.members > 0 ? `has ${now.members} (${now.state})` : `is ${now.state}`;
  return apiError('KAFKA_ERROR', `${what} only while the group has no active members; ${groupId} ${has}. Stop its consumers, then try again.`, kafkaCode);
}

/** Rethrows a client's failure of a reset or delete as the answer the user reads. */
export function groupChangeError(err: unknown, groupId: string, doing: 'reset' | 'delete'): unknown {
  const name = kafkaErrorName(err);
  if (name === undefined) return err;
  if (ACTIVE_GROUP_ERRORS.has(name)) return activeGroupError(groupId, doing, null, name);
  if (name === 'GROUP_ID_NOT_FOUND') return apiError('NOT_FOUND', `No consumer group named ${groupId}.`, name);
  if (name === 'GROUP_AUTHORIZATION_FAILED') return apiError('KAFKA_ERROR', `This connection is not allowed to change group ${groupId}.`, name);
  return apiError('KAFKA_ERROR', `The cluster refused to ${doing} group ${groupId}: ${name}.`, name);
}
