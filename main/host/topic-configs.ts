// A topic's configs through the Kafka protocol: described with where each value comes from, and
// altered with the contract's set/reset semantics.
import type { Admin, ConfigEntries, ConfigResourceTypes } from 'kafkajs';
import type { ConfigSource, TopicConfigEntry } from '../contract/index.js';
import { apiError } from './api-error.js';

// kafkajs's enums are declared in its types but, being CommonJS, are not ESM named exports.
const TOPIC_RESOURCE = 2 as ConfigResourceTypes;
const TOPIC_CONFIG_SOURCE = 1;

/** DescribeConfigs' ConfigSource (KIP-226) in the UI's words. */
const SOURCES: Record<number, ConfigSource> = {
  1: 'topic', // TOPIC_CONFIG
  2: 'broker', // DYNAMIC_BROKER_CONFIG
  3: 'broker', // DYNAMIC_DEFAULT_BROKER_CONFIG
  4: 'static', // STATIC_BROKER_CONFIG
  5: 'default', // DEFAULT_CONFIG
};

export async function describeTopicConfigs(admin: Admin, topic: string): Promise<TopicConfigEntry[]> {
  const { resources } = await admin.describeConfigs({ includeSynonyms: true, resources: [{ type: TOPIC_RESOURCE, name: topic }] });
  const entries = resources[0]?.configEntries ?? [];
  return entries
    .map((entry) => ({
      name: entry.configName,
      value: entry.isSensitive ? null : entry.configValue,
      source: sourceOf(entry),
      readOnly: entry.readOnly,
      sensitive: entry.isSensitive,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * `set` overrides configs on the topic, `reset` removes overrides.
 *
 * NB: kafkajs 2.2.4 sends only the legacy AlterConfigs, which replaces a topic's overrides as a
 * whole: the current overrides are read, changed here, and written back in full. Two writers at
 * once can lose one's change (IncrementalAlterConfigs would not, and the engine has it; kafkajs
 * does not send it).
 */
export async function alterTopicConfigs(admin: Admin, topic: string, set: Record<string, string>, reset: readonly string[]): Promise<void> {
  const both = reset.filter((name) => Object.hasOwn(set, name));
  if (both.length > 0) {
    throw apiError('INVALID_ARGUMENT', `A config cannot be both set and reset in one call: ${both.join(', ')}.`);
  }
  const { resources } = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: TOPIC_RESOURCE, name: topic }] });
  const overrides = new Map<string, string>();
  for (const entry of resources[0]?.configEntries ?? []) {
    if (entry.configSource !== TOPIC_CONFIG_SOURCE) continue;
    // Kafka has no sensitive topic configs; if one appears, writing it back blind would erase it.
    if (entry.isSensitive) throw apiError('UNSUPPORTED', `Topic ${topic} has a sensitive config (${entry.configName}) that cannot be kept while altering others.`);
    overrides.set(entry.configName, entry.configValue);
  }
  for (const name of reset) overrides.delete(name);
  for (const [name, value] of Object.entries(set)) overrides.set(name, value);
  await admin.alterConfigs({
    validateOnly: false,
    resources: [{ type: TOPIC_RESOURCE, name: topic, configEntries: [...overrides].map(([name, value]) => ({ name, value })) }],
  });
}

function sourceOf(entry: ConfigEntries): ConfigSource {
  // The entry's own source (DescribeConfigs v1+); else the first synonym's, which is the one in effect.
  const source = SOURCES[entry.configSource] ?? SOURCES[entry.configSynonyms?.[0]?.configSource ?? -1];
  return source ?? 'unknown';
}
