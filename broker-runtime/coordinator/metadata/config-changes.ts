// What an AlterConfigs or IncrementalAlterConfigs request changes of one resource's dynamic
// configs, as Config records (KRaft's ConfigurationControlManager.incrementalAlterConfigs and
// legacyAlterConfigs). Validation is the caller's: topic configs by LogConfig's rules, broker
// configs by BROKER_CONFIGS.
import { BROKER_CONFIG_BY_NAME } from '../../server/broker-config.js';
import { LOG_CONFIG_DEFINITIONS } from '../../storage/log-config.js';
import type { ConfigRecord, ConfigResourceType } from './metadata-records.js';

export type ConfigOperation = 'SET' | 'DELETE' | 'APPEND' | 'SUBTRACT';

/**
 * The records that take `current` to what `changes` ask for. `incremental` is
 * IncrementalAlterConfigs; otherwise (AlterConfigs) the given set replaces every dynamic config.
 * `validate` sees every config the resource would have, and throws to refuse the request.
 */
export function configChangeRecords(
  resourceType: ConfigResourceType,
  resourceName: string,
  current: ReadonlyMap<string, string>,
  changes: readonly { name: string; value: string | null; op: ConfigOperation }[],
  incremental: boolean,
  validate: (name: string, value: string) => void,
): ConfigRecord[] {
  const next = new Map(incremental ? current : []);
  for (const { name, value, op } of changes) {
    if (op === 'DELETE' || value === null) next.delete(name);
    else if (op === 'SET') next.set(name, value);
    else {
      // Kafka appends to (or subtracts from) the default when the config is not set.
      const items = (next.get(name) ?? listDefault(resourceType, name)).split(',').filter((s) => s !== '');
      const given = value.split(',').filter((s) => s !== '');
      const result = op === 'APPEND' ? [...items, ...given.filter((v) => !items.includes(v))] : items.filter((v) => !given.includes(v));
      next.set(name, result.join(','));
    }
  }
  for (const [name, value] of next) validate(name, value);
  const records: ConfigRecord[] = [];
  for (const [name, value] of next) {
    if (current.get(name) !== value) records.push({ type: 'Config', resourceType, resourceName, name, value });
  }
  for (const name of current.keys()) {
    if (!next.has(name)) records.push({ type: 'Config', resourceType, resourceName, name, value: null });
  }
  return records;
}

/** The default of a LIST config, the start of an APPEND or SUBTRACT on a config that is not set. */
function listDefault(resourceType: ConfigResourceType, name: string): string {
  const defaultValue = resourceType === 'topic'
    ? LOG_CONFIG_DEFINITIONS.find((d) => d.name === name)?.defaultValue
    : BROKER_CONFIG_BY_NAME.get(name)?.defaultValue;
  return defaultValue ?? '';
}
