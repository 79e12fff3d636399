// Kafka's rules for topic names (Topic.java), checked as the user types, so the create form can
// say what is wrong before the cluster does.

export const TOPIC_NAME_MAX_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]*$/;

export interface TopicNameCheck {
  /** What makes the name illegal; empty when Kafka would accept it. */
  errors: string[];
  /** Legal but worth knowing (Kafka warns about these too). */
  warnings: string[];
}

export function checkTopicName(name: string): TopicNameCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (name.length === 0) errors.push('Enter a name.');
  if (name.length > TOPIC_NAME_MAX_LENGTH) errors.push(`At most ${TOPIC_NAME_MAX_LENGTH} characters (this one has ${name.length}).`);
  if (!LEGAL.test(name)) {
    const bad = [...new Set([...name].filter((c) => !LEGAL.test(c)))];
    errors.push(`Only letters, digits, '.', '_' and '-' are allowed; not ${bad.map((c) => (c === ' ' ? 'spaces' : `'${c}'`)).join(', ')}.`);
  }
  if (name === '.' || name === '..') errors.push(`A topic cannot be named "${name}".`);
  if (errors.length === 0 && name.includes('.') && name.includes('_')) {
    warnings.push("Mixing '.' and '_' can collide in metric names (Kafka treats them as the same there).");
  }
  if (errors.length === 0 && name.startsWith('__')) warnings.push("Names starting with '__' look like Kafka's internal topics.");
  return { errors, warnings };
}

export const TOPIC_NAME_RULES = `1–${TOPIC_NAME_MAX_LENGTH} characters: letters, digits, '.', '_' and '-'; not "." or "..".`;
