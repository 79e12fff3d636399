// The dispatcher both transports share: a bad call is refused with a clear INVALID_ARGUMENT (or
// NOT_FOUND for a name that is no method) before anything runs; whatever a call throws comes back
// as a plain ApiErrorBody.
import kafkajs from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../main/host/api-dispatcher.js';
import { apiError } from '../../../main/host/api-error.js';
import { fakeBackend } from './fake-backend.js';

const { KafkaJSProtocolError, KafkaJSNumberOfRetriesExceeded, KafkaJSAggregateError, KafkaJSCreateTopicError } = kafkajs as unknown as Record<string, new (...args: never[]) => Error>;

const quiet = () => {};

describe('dispatch: validation', () => {
  it.each([
    ['createTopic', { name: 'bad name!', partitions: 1, replicationFactor: 1 }, 'name'],
    ['createTopic', { name: '..', partitions: 1, replicationFactor: 1 }, 'name'],
    ['createTopic', { name: 'ok', partitions: 0, replicationFactor: 1 }, 'partitions'],
    ['createTopic', { name: 'ok', partitions: 1 }, 'replicationFactor'],
    ['createTopic', { name: 'ok', partitions: 1, replicationFactor: 1, configs: { 'Retention.MS': '1' } }, 'configs.Retention.MS'],
    ['killBroker', { brokerId: -1 }, 'brokerId'],
    ['killBroker', { brokerId: '1' }, 'brokerId'],
    ['killBroker', { brokerId: 1.5 }, 'brokerId'],
    ['killBroker', {}, 'brokerId'],
    ['killBroker', 7, '(arguments)'],
    ['killBroker', { brokerId: 1, force: true }, '(arguments)'],
    ['listBrokers', { verbose: true }, '(arguments)'],
    ['listEvents', { limit: 0 }, 'limit'],
    ['alterTopicConfigs', { name: 't', reset: 'retention.ms' }, 'reset'],
  ])('%s(%j) is INVALID_ARGUMENT about %s, and nothing runs', async (method, args, path) => {
    const backend = fakeBackend();
    const answer = await dispatch(backend, method, args, quiet);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INVALID_ARGUMENT');
    expect(answer.error.message).toContain(`Invalid arguments for ${method}`);
    expect(answer.error.issues?.map((i) => i.path)).toContain(path);
    expect(backend.calls).toEqual([]);
  });

  it.each(['noSuchMethod', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'subscribe', 'close', ''])(
    '%j is no method: NOT_FOUND, and nothing runs',
    async (method) => {
      const backend = fakeBackend();
      const answer = await dispatch(backend, method, {}, quiet);
      expect(answer).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: expect.stringContaining('no API method') } });
      expect(backend.calls).toEqual([]);
      expect(backend.close).not.toHaveBeenCalled();
    },
  );

  it('passes validated arguments through and answers the result; undefined arguments count as {}', async () => {
    const backend = fakeBackend({ listBrokers: () => [{ id: 0 }] });
    expect(await dispatch(backend, 'listBrokers', undefined, quiet)).toEqual({ ok: true, result: [{ id: 0 }] });
    expect(await dispatch(backend, 'killBroker', { brokerId: 2 }, quiet)).toEqual({ ok: true, result: null });
    expect(backend.calls).toEqual([{ method: 'listBrokers', args: {} }, { method: 'killBroker', args: { brokerId: 2 } }]);
  });
});

describe('dispatch: errors', () => {
  it('answers an ApiError with its own body', async () => {
    const backend = fakeBackend({ killBroker: () => { throw apiError('NOT_FOUND', 'There is no broker 9.'); } });
    expect(await dispatch(backend, 'killBroker', { brokerId: 9 }, quiet)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'There is no broker 9.' } });
  });

  it('maps kafkajs protocol errors to KAFKA_ERROR with the Kafka error name, through retries and aggregates', async () => {
    const exists = new KafkaJSCreateTopicError({ message: 'Topic with this name already exists', type: 'TOPIC_ALREADY_EXISTS', code: 36 } as never, 'x' as never);
    const factor = new KafkaJSProtocolError({ message: 'Replication-factor is invalid', type: 'INVALID_REPLICATION_FACTOR', code: 38 } as never);
    const cases: [unknown, string][] = [
      [factor, 'INVALID_REPLICATION_FACTOR'],
      [new KafkaJSNumberOfRetriesExceeded(factor as never, { retryCount: 3, retryTime: 100 } as never), 'INVALID_REPLICATION_FACTOR'],
      [new KafkaJSAggregateError('Topic creation errors' as never, [exists] as never), 'TOPIC_ALREADY_EXISTS'],
    ];
    for (const [thrown, kafkaCode] of cases) {
      const backend = fakeBackend({ createTopic: () => { throw thrown; } });
      const answer = await dispatch(backend, 'createTopic', { name: 'x', partitions: 1, replicationFactor: 9 }, quiet);
      expect(answer).toEqual({ ok: false, error: { code: 'KAFKA_ERROR', message: expect.any(String), kafkaCode } });
    }
  });

  it('maps an unknown topic to NOT_FOUND, keeping the Kafka error name', async () => {
    const unknown = new KafkaJSProtocolError({ message: 'This server does not host this topic-partition', type: 'UNKNOWN_TOPIC_OR_PARTITION', code: 3 } as never);
    const backend = fakeBackend({ deleteTopic: () => { throw unknown; } });
    const answer = await dispatch(backend, 'deleteTopic', { name: 'gone' }, quiet);
    expect(answer).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND', kafkaCode: 'UNKNOWN_TOPIC_OR_PARTITION' }) });
  });

  it('answers anything else as INTERNAL with its message, and logs it', async () => {
    const log = vi.fn();
    const bug = new TypeError('cannot read x of undefined');
    const backend = fakeBackend({ getOverview: () => { throw bug; } });
    expect(await dispatch(backend, 'getOverview', {}, log)).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'cannot read x of undefined' } });
    expect(log).toHaveBeenCalledWith(expect.any(String), bug);
  });
});
