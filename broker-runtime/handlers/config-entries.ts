// Configs as Kafka's DescribeConfigs lists them (ConfigHelper): the value in effect, where it comes
// from, and its synonyms, most preferred first. Shared by DescribeConfigs and CreateTopics v5+.
//
// A topic config's synonyms are the topic override (DYNAMIC_TOPIC_CONFIG), then its broker-level
// synonyms (retention.ms <- log.retention.ms, log.retention.minutes, log.retention.hours) from each
// source in turn: this broker's dynamic configs, the cluster-wide dynamic defaults, the static
// configs the broker was started with, and Kafka's defaults. The first synonym is the source.
// NB: for a topic config, Kafka drops the synonyms listed before the primary broker name, so its
// retention.ms shows no synonyms (and DEFAULT_CONFIG) when only log.retention.hours is set; Oxbow
// keeps them, so the source always names the config the value really comes from.
// NB: a static config given with exactly Kafka's default value is reported as DEFAULT_CONFIG:
// BrokerServices.staticConfig holds the defaults too, so the two cannot be told apart.
import type { DescribeConfigsResponseResourceResult, DescribeConfigsResponseSynonym } from '../protocol/generated/describe-configs.js';
import { BROKER_CONFIGS, BROKER_CONFIG_BY_NAME } from '../server/broker-config.js';
import type { BrokerServices } from '../server/broker-services.js';
import { TOPIC_CONFIG_SYNONYMS, brokerConfigSynonyms, brokerLogDefaults } from '../server/topic-config-synonyms.js';
import { LOG_CONFIG_DEFINITIONS, describeLogConfig, parseLogConfig } from '../storage/log-config.js';

/** DescribeConfigsResponse.ConfigSource ids. */
export const ConfigSource = {
  DYNAMIC_TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
} as const;

/** DescribeConfigsResponse.ConfigType ids, by the type names of LogConfig and BROKER_CONFIGS. */
const CONFIG_TYPE: Readonly<Record<string, number>> = {
  boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9,
};

export interface DescribeOptions {
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

interface Described {
  name: string;
  value: string | null;
  readOnly: boolean;
  type: string | undefined;
  documentation: string | undefined;
  /** Every synonym, most preferred first; the first gives the config source. */
  synonyms: DescribeConfigsResponseSynonym[];
}

function entry(d: Described, options: DescribeOptions): DescribeConfigsResponseResourceResult {
  const configSource = d.synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
  return {
    name: d.name,
    value: d.value,
    readOnly: d.readOnly,
    isDefault: configSource === ConfigSource.DEFAULT_CONFIG,
    configSource,
    isSensitive: false,
    synonyms: options.includeSynonyms ? d.synonyms : [],
    configType: CONFIG_TYPE[d.type?.toLowerCase() ?? ''] ?? 0,
    documentation: options.includeDocumentation ? (d.documentation ?? null) : null,
  };
}

/** A value the broker was started with; staticConfig also holds Kafka's defaults, which are not "static". */
function staticValue(broker: BrokerServices, name: string): string | undefined {
  const value = broker.staticConfig.get(name);
  return value !== undefined && value !== BROKER_CONFIG_BY_NAME.get(name)?.defaultValue ? value : undefined;
}

/** The broker configs `names` as set in each source, source by source (Kafka's configSynonyms). */
function brokerSynonyms(names: readonly string[], broker: BrokerServices): DescribeConfigsResponseSynonym[] {
  const sources: [number, (name: string) => string | null | undefined][] = [
    [ConfigSource.DYNAMIC_BROKER_CONFIG, (n) => broker.metadata.configsOf('broker', String(broker.brokerId)).get(n)],
    [ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, (n) => broker.metadata.configsOf('broker', '').get(n)],
    [ConfigSource.STATIC_BROKER_CONFIG, (n) => staticValue(broker, n)],
    [ConfigSource.DEFAULT_CONFIG, (n) => BROKER_CONFIG_BY_NAME.get(n)?.defaultValue],
  ];
  const synonyms: DescribeConfigsResponseSynonym[] = [];
  for (const [source, lookup] of sources) {
    for (const name of names) {
      const value = lookup(name);
      if (value !== null && value !== undefined) synonyms.push({ name, value, source });
    }
  }
  return synonyms;
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every topic config, for a topic with these overrides (existing, or about to be created). */
export function describeTopicConfigs(
  overrides: ReadonlyMap<string, string>,
  broker: BrokerServices,
  options: DescribeOptions,
): DescribeConfigsResponseResourceResult[] {
  const effective = describeLogConfig(parseLogConfig(Object.fromEntries(overrides), brokerLogDefaults((n) => broker.brokerConfig(n))));
  return [...LOG_CONFIG_DEFINITIONS].sort(byName).map((definition) => {
    const { name } = definition;
    const value = effective[name] ?? null;
    const synonyms: DescribeConfigsResponseSynonym[] = overrides.has(name) ? [{ name, value, source: ConfigSource.DYNAMIC_TOPIC_CONFIG }] : [];
    synonyms.push(...brokerSynonyms((TOPIC_CONFIG_SYNONYMS.get(name) ?? []).map((s) => s.name), broker));
    return entry({ name, value, readOnly: false, type: definition.type, documentation: definition.documentation, synonyms }, options);
  });
}

/** Kafka lists a broker config's synonyms from its own name on (log.retention.hours drops log.retention.ms). */
function ownSynonyms(name: string, broker: BrokerServices): DescribeConfigsResponseSynonym[] {
  const synonyms = brokerSynonyms(brokerConfigSynonyms(name), broker);
  const first = synonyms.findIndex((s) => s.name === name);
  return first < 0 ? [] : synonyms.slice(first);
}

/** Every config of this broker, with its value in effect. */
export function describeBrokerConfigs(broker: BrokerServices, options: DescribeOptions): DescribeConfigsResponseResourceResult[] {
  return [...BROKER_CONFIGS].sort(byName).map((definition) => entry({
    name: definition.name,
    value: broker.brokerConfig(definition.name),
    readOnly: !definition.dynamic,
    type: definition.type,
    documentation: definition.doc,
    synonyms: ownSynonyms(definition.name, broker),
  }, options));
}

/** The cluster-wide dynamic defaults (broker resource ''): only the configs set there. */
export function describeClusterDefaultConfigs(broker: BrokerServices, options: DescribeOptions): DescribeConfigsResponseResourceResult[] {
  return [...broker.metadata.configsOf('broker', '')]
    .map(([name, value]) => ({ name, value }))
    .sort(byName)
    .map(({ name, value }) => {
      const definition = BROKER_CONFIG_BY_NAME.get(name);
      return entry({
        name,
        value,
        readOnly: !(definition?.dynamic ?? false),
        type: definition?.type,
        documentation: definition?.doc,
        synonyms: ownSynonyms(name, broker).filter((s) => s.source === ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG),
      }, options);
    });
}
