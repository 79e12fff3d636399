import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../../broker-runtime/errors.js';
import {
  DEFAULT_LOG_CONFIG,
  LOG_CONFIG_DEFINITIONS,
  describeLogConfig,
  isCompacted,
  isDeleteEnabled,
  parseLogConfig,
} from '../../../broker-runtime/storage/log-config.js';

describe('LogConfig', () => {
  it("has Kafka's defaults", () => {
    expect(DEFAULT_LOG_CONFIG).toMatchObject({
      segmentBytes: 1073741824,
      segmentMs: 604800000,
      segmentIndexBytes: 10485760,
      indexIntervalBytes: 4096,
      retentionMs: 604800000,
      retentionBytes: -1,
      flushMessages: Infinity,
      flushMs: Infinity,
      cleanupPolicy: 'delete',
      deleteRetentionMs: 86400000,
      minCompactionLagMs: 0,
      maxCompactionLagMs: Infinity,
      minCleanableDirtyRatio: 0.5,
      maxMessageBytes: 1048588,
      messageTimestampType: 'CreateTime',
      fileDeleteDelayMs: 60000,
      segmentJitterMs: 0,
      fsyncOnAppend: false,
    });
  });

  it('lists every known name with its default, and describes a config back under those names', () => {
    const names = LOG_CONFIG_DEFINITIONS.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(['segment.bytes', 'retention.ms', 'cleanup.policy', 'flush.messages', 'oxbow.fsync.on.append']));
    const described = describeLogConfig(DEFAULT_LOG_CONFIG);
    for (const d of LOG_CONFIG_DEFINITIONS) expect(described[d.name]).toBe(d.defaultValue);
    expect(described['flush.ms']).toBe('9223372036854775807');
  });

  it('parses overrides on top of a base and keeps what was overridden', () => {
    const config = parseLogConfig({ 'retention.ms': '-1', 'cleanup.policy': 'delete, compact', 'min.cleanable.dirty.ratio': '0.1' });
    expect(config.retentionMs).toBe(-1);
    expect(config.cleanupPolicy).toBe('compact,delete');
    expect(isCompacted(config) && isDeleteEnabled(config)).toBe(true);
    expect(config.minCleanableDirtyRatio).toBe(0.1);
    expect(config.overrides).toEqual({ 'retention.ms': '-1', 'cleanup.policy': 'delete, compact', 'min.cleanable.dirty.ratio': '0.1' });
    const broker = parseLogConfig({ 'segment.bytes': '1000' });
    expect(parseLogConfig({ 'retention.bytes': '5' }, broker)).toMatchObject({ segmentBytes: 1000, retentionBytes: 5 });
  });

  it.each([
    ['segment.bytes', '10', /at least 14/],
    ['segment.bytes', '3000000000', /range of a int/],
    ['retention.ms', 'week', /must be an integer/],
    ['min.cleanable.dirty.ratio', '1.5', /between 0 and 1/],
    ['cleanup.policy', 'archive', /one of/],
    ['message.timestamp.type', 'createtime', /one of/],
    ['no.such.config', '1', /unknown topic config "no.such.config"/],
  ])('rejects %s=%s with INVALID_CONFIG', (name, value, message) => {
    let error: unknown;
    try {
      parseLogConfig({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KafkaError);
    expect((error as KafkaError).errorName).toBe('INVALID_CONFIG');
    expect((error as KafkaError).message).toMatch(message);
    expect((error as KafkaError).message).toContain(name);
  });

  it('treats a long past 2^53 as forever', () => {
    expect(parseLogConfig({ 'flush.messages': '9223372036854775807' }).flushMessages).toBe(Infinity);
    expect(parseLogConfig({ 'flush.messages': '1000' }).flushMessages).toBe(1000);
  });
});
