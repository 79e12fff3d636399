// Kafka's topic name rules (clients/.../common/internals/Topic.java), explained in the error so
// the person who typed the name can fix it.
import { KafkaError } from '../../errors.js';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Returns why the name is invalid, or null when it is a legal topic name. */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return 'Topic name is empty.';
  if (name === '.' || name === '..') return `Topic name cannot be "${name}".`;
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is ${name.length} characters long; the limit is ${MAX_TOPIC_NAME_LENGTH}.`;
  }
  if (!LEGAL.test(name)) {
    return `Topic name "${name}" is illegal: it may contain only ASCII letters, digits, '.', '_' and '-'.`;
  }
  return null;
}

export function validateTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw new KafkaError('INVALID_TOPIC_EXCEPTION', problem);
}

/** Kafka warns because '.' and '_' collide in metric names; two such topics cannot coexist. */
export function unifyCollisionChars(name: string): string {
  return name.replace(/\./g, '_');
}

export function isInternalTopic(name: string): boolean {
  return name === '__consumer_offsets' || name === '__transaction_state';
}
