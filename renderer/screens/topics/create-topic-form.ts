// The create-topic form's values, its checks, and the call it makes.
import type { ApiArgs } from '../../../main/contract/index.js';
import { formatDuration } from '../../components/format.js';
import { checkTopicName } from './topic-name.js';

export interface CreateTopicForm {
  name: string;
  partitions: number | string;
  replicationFactor: number | string;
  /** '' leaves each config to the broker's default. */
  cleanupPolicy: '' | 'delete' | 'compact' | 'compact,delete';
  retentionMs: string;
  minInsyncReplicas: number | string;
  compressionType: '' | 'producer' | 'uncompressed' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
}

export function initialForm(brokerCount: number): CreateTopicForm {
  return {
    name: '',
    partitions: 3,
    replicationFactor: Math.max(1, Math.min(3, brokerCount)),
    cleanupPolicy: '',
    retentionMs: '',
    minInsyncReplicas: '',
    compressionType: '',
  };
}

export type FormErrors = Partial<Record<keyof CreateTopicForm, string>>;

const isWholeNumber = (v: number | string) => typeof v === 'number' ? Number.isInteger(v) : /^\d+$/.test(v.trim());

export function validateForm(form: CreateTopicForm, brokerCount: number): FormErrors {
  const errors: FormErrors = {};
  const nameErrors = checkTopicName(form.name).errors;
  if (nameErrors.length > 0) errors.name = nameErrors.join(' ');
  const partitions = Number(form.partitions);
  if (!isWholeNumber(form.partitions) || partitions < 1 || partitions > 10_000) errors.partitions = 'A whole number from 1 to 10000.';
  const rf = Number(form.replicationFactor);
  if (!isWholeNumber(form.replicationFactor) || rf < 1) errors.replicationFactor = 'A whole number, at least 1.';
  else if (brokerCount > 0 && rf > brokerCount) errors.replicationFactor = `At most ${brokerCount}: each replica needs its own broker.`;
  if (form.retentionMs.trim() !== '' && !/^(-1|\d+)$/.test(form.retentionMs.trim())) errors.retentionMs = 'Milliseconds as a whole number, or -1 to keep forever.';
  if (form.minInsyncReplicas !== '') {
    const minIsr = Number(form.minInsyncReplicas);
    if (!isWholeNumber(form.minInsyncReplicas) || minIsr < 1) errors.minInsyncReplicas = 'A whole number, at least 1.';
    else if (!errors.replicationFactor && minIsr > rf) errors.minInsyncReplicas = `More than the replication factor (${rf}): acks=all writes would always fail.`;
  }
  return errors;
}

export function retentionHint(value: string): string | undefined {
  const v = value.trim();
  if (v === '-1') return 'Kept forever';
  if (/^\d+$/.test(v)) return `= ${formatDuration(Number(v))}`;
  return undefined;
}

export function toCreateTopicArgs(form: CreateTopicForm): ApiArgs<'createTopic'> {
  const configs: Record<string, string> = {};
  if (form.cleanupPolicy) configs['cleanup.policy'] = form.cleanupPolicy;
  if (form.retentionMs.trim() !== '') configs['retention.ms'] = form.retentionMs.trim();
  if (form.minInsyncReplicas !== '') configs['min.insync.replicas'] = String(form.minInsyncReplicas);
  if (form.compressionType) configs['compression.type'] = form.compressionType;
  return {
    name: form.name,
    partitions: Number(form.partitions),
    replicationFactor: Number(form.replicationFactor),
    ...(Object.keys(configs).length > 0 ? { configs } : {}),
  };
}
