// Consumer lag health (Burrow's rules) and lag history, for the host to wire to a connection.
export type { DecidingRule, GroupEvaluation, GroupStatus, PartitionEvaluation, PartitionInput, PartitionStatus } from './burrow-evaluator.js';
export { evaluateGroup, evaluatePartition, severity } from './burrow-evaluator.js';
export type { BurrowWindowConfig, PartitionWindow, WindowCommit } from './burrow-window.js';
export { DEFAULT_WINDOW, EMPTY_WINDOW, observe, windowConfig, windowOf } from './burrow-window.js';
export type { GroupLagPoint, GroupRangeQuery, LagHistoryOptions, PartitionLagPoint } from './lag-history.js';
export { CHART_RANGES_MS, LagHistory } from './lag-history.js';
export type { LagHealth, LagSamplerOptions, Scheduler } from './lag-sampler.js';
export { LagSampler, cronScheduler } from './lag-sampler.js';
export type { GroupLagSnapshot, PartitionLagReading } from './lag-types.js';
