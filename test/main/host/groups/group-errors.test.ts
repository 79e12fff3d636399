// Kafka's refusals of group changes, found inside what either client library throws and said in
// words that tell the user what to do.
import { MultipleErrors, ProtocolError, ResponseError } from '@platformatic/kafka';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { ApiError } from '../../../../main/host/api-error.js';
import { activeGroupError, groupChangeError, kafkaErrorName } from '../../../../main/host/groups/group-errors.js';

const { KafkaJSDeleteGroupsError, KafkaJSProtocolError } = kafkajs;

/** A Kafka error as kafkajs makes one from a response (its typings take only a message). */
const protocolError = (type: string, code: number) =>
  new KafkaJSProtocolError({ type, code, retriable: false, message: type } as unknown as Error);

describe('Kafka error names inside client errors', () => {
  it('finds @platformatic/kafka\'s, nested in aggregates', () => {
    const response = new ResponseError(8, 8, { '/topics/0/partitions/0': [25, null] }, {});
    expect(kafkaErrorName(new MultipleErrors('Altering consumer group offsets failed.', [response]))).toBe('UNKNOWN_MEMBER_ID');
    expect(kafkaErrorName(new ProtocolError('REBALANCE_IN_PROGRESS'))).toBe('REBALANCE_IN_PROGRESS');
  });

  it('finds kafkajs\'s, in a DeleteGroups answer too', () => {
    const refused = protocolError('NON_EMPTY_GROUP', 68);
    expect(kafkaErrorName(new KafkaJSDeleteGroupsError('Error in DeleteGroups', [{ groupId: 'g', errorCode: 68, error: refused }]))).toBe('NON_EMPTY_GROUP');
    expect(kafkaErrorName(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('what the user reads', () => {
  it('says a group with members cannot be reset or deleted, and what to do', () => {
    const error = activeGroupError('billing', 'reset', { state: 'Stable', members: 2 });
    expect(error.body).toEqual({
      code: 'KAFKA_ERROR', kafkaCode: 'NON_EMPTY_GROUP',
      message: 'Offsets can be reset only while the group has no active members; billing has 2 (Stable). Stop its consumers, then try again.',
    });
    const raced = groupChangeError(new MultipleErrors('failed', [new ProtocolError('UNKNOWN_MEMBER_ID')]), 'billing', 'reset') as ApiError;
    expect(raced.body).toMatchObject({ code: 'KAFKA_ERROR', kafkaCode: 'UNKNOWN_MEMBER_ID' });
    expect(raced.body.message).toMatch(/no active members; billing has active members now/);
  });

  it('answers NOT_FOUND for an unknown group and passes on what is not Kafka\'s', () => {
    const missing = new KafkaJSDeleteGroupsError('Error in DeleteGroups', [{
      groupId: 'g', errorCode: 69, error: protocolError('GROUP_ID_NOT_FOUND', 69),
    }]);
    expect((groupChangeError(missing, 'g', 'delete') as ApiError).body).toMatchObject({ code: 'NOT_FOUND', kafkaCode: 'GROUP_ID_NOT_FOUND' });
    const other = new Error('socket hang up');
    expect(groupChangeError(other, 'g', 'delete')).toBe(other);
  });
});
