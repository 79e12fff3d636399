// The coordinator's settings, read from the broker config with Kafka's names; what is not set
// takes its default from BROKER_CONFIGS, so each default is written down once.
// A value that does not parse stops the coordinator at start, as a bad static config stops Kafka.
import { BROKER_CONFIG_BY_NAME } from '../../server/broker-config.js';

export interface ControllerConfig {
  /** metadata.log.max.record.bytes.between.snapshots */
  maxRecordBytesBetweenSnapshots: number;
  /** unclean.leader.election.enable: the static default, under topic configs and the cluster-wide dynamic default. */
  uncleanLeaderElectionEnable: boolean;
  /** auto.leader.rebalance.enable */
  autoLeaderRebalanceEnable: boolean;
  /** leader.imbalance.check.interval.seconds, in ms. */
  leaderImbalanceCheckIntervalMs: number;
  /** leader.imbalance.per.broker.percentage */
  leaderImbalancePerBrokerPercentage: number;
}

export function controllerConfigFrom(config: Readonly<Record<string, string>>): ControllerConfig {
  const raw = (name: string): string => config[name] ?? BROKER_CONFIG_BY_NAME.get(name)?.defaultValue ?? '';
  const int = (name: string, min: number): number => {
    const value = Number(raw(name));
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`Invalid value ${raw(name)} for configuration ${name}: an integer of at least ${min} is expected`);
    return value;
  };
  const bool = (name: string): boolean => {
    const value = raw(name);
    if (value !== 'true' && value !== 'false') throw new Error(`Invalid value ${value} for configuration ${name}: expected true or false`);
    return value === 'true';
  };
  return {
    maxRecordBytesBetweenSnapshots: int('metadata.log.max.record.bytes.between.snapshots', 1),
    uncleanLeaderElectionEnable: bool('unclean.leader.election.enable'),
    autoLeaderRebalanceEnable: bool('auto.leader.rebalance.enable'),
    leaderImbalanceCheckIntervalMs: int('leader.imbalance.check.interval.seconds', 1) * 1000,
    leaderImbalancePerBrokerPercentage: int('leader.imbalance.per.broker.percentage', 0),
  };
}

/** Kafka's defaults. */
export const DEFAULT_CONTROLLER_CONFIG: ControllerConfig = controllerConfigFrom({});
