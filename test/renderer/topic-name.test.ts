import { describe, expect, it } from 'vitest';
import { initialForm, toCreateTopicArgs, validateForm } from '../../renderer/screens/topics/create-topic-form.js';
import { configValueHint } from '../../renderer/screens/topics/config-hints.js';
import { checkTopicName } from '../../renderer/screens/topics/topic-name.js';

describe("topic names follow Kafka's rules", () => {
  it.each(['orders', 'a', 'orders.v2', 'orders_v2', 'orders-v2', 'A1.b_2-c', 'x'.repeat(249), '...'])('accepts %s', (name) => {
    expect(checkTopicName(name).errors).toEqual([]);
  });

  it.each([
    ['', 'Enter a name'],
    ['x'.repeat(250), 'At most 249 characters (this one has 250)'],
    ['my topic', 'not spaces'],
    ['orders/v2', "not '/'"],
    ['ördérs', "not 'ö', 'é'"],
    ['.', 'cannot be named "."'],
    ['..', 'cannot be named ".."'],
  ])('rejects %j, saying %s', (name, says) => {
    const { errors } = checkTopicName(name);
    expect(errors.join(' ')).toContain(says);
  });

  it("warns when '.' and '_' are mixed (metric names collide) and about the internal prefix", () => {
    expect(checkTopicName('orders.v_2').warnings.join(' ')).toContain("Mixing '.' and '_'");
    expect(checkTopicName('__mine').warnings.join(' ')).toContain('internal');
    expect(checkTopicName('orders').warnings).toEqual([]);
  });
});

describe('the create-topic form', () => {
  it('caps the replication factor at the broker count and min.insync.replicas at the replication factor', () => {
    const form = { ...initialForm(3), name: 'orders', replicationFactor: 4, minInsyncReplicas: 2 };
    expect(validateForm(form, 3).replicationFactor).toContain('At most 3');
    expect(validateForm({ ...form, replicationFactor: 2, minInsyncReplicas: 3 }, 3).minInsyncReplicas).toContain('More than the replication factor');
    expect(validateForm({ ...form, replicationFactor: 3, minInsyncReplicas: 2 }, 3)).toEqual({});
  });

  it('sends only the configs the user set', () => {
    expect(toCreateTopicArgs({ ...initialForm(1), name: 't', partitions: 2, replicationFactor: 1 })).toEqual({ name: 't', partitions: 2, replicationFactor: 1 });
    expect(toCreateTopicArgs({ ...initialForm(3), name: 't', cleanupPolicy: 'compact', retentionMs: ' -1 ', minInsyncReplicas: 2, compressionType: 'zstd' })).toEqual({
      name: 't',
      partitions: 3,
      replicationFactor: 3,
      configs: { 'cleanup.policy': 'compact', 'retention.ms': '-1', 'min.insync.replicas': '2', 'compression.type': 'zstd' },
    });
  });
});

describe('config values read as durations and sizes', () => {
  it.each([
    ['retention.ms', '604800000', '7 d'],
    ['retention.ms', '-1', 'forever'],
    ['segment.ms', '90061000', '90061 s'],
    ['segment.bytes', '1073741824', '1.00 GiB'],
    ['flush.messages', '9223372036854775807', 'no limit'],
    ['min.insync.replicas', '2', undefined],
    ['cleanup.policy', 'delete', undefined],
  ])('%s = %s reads %s', (name, value, hint) => {
    expect(configValueHint(name, value)).toBe(hint);
  });
});
