import { describe, expect, it } from 'vitest';
import { apiNameOf, camelCase, kebabCase, structTypeName, tsString } from '../../../../broker-runtime/protocol/generator/naming.js';

describe('naming', () => {
  it('camel-cases field names', () => {
    expect(['TopicData', 'ThrottleTimeMs', 'KRaftVersion', 'leaderEpoch'].map(camelCase)).toEqual(['topicData', 'throttleTimeMs', 'kRaftVersion', 'leaderEpoch']);
  });

  it('kebab-cases file names', () => {
    expect(['Produce', 'ApiVersions', 'FindCoordinator', 'OffsetForLeaderEpoch', 'AddPartitionsToTxn', 'DescribeLogDirs'].map(kebabCase))
      .toEqual(['produce', 'api-versions', 'find-coordinator', 'offset-for-leader-epoch', 'add-partitions-to-txn', 'describe-log-dirs']);
  });

  it('names structs without doubling the message or API name', () => {
    expect(structTypeName('MetadataResponse', 'Metadata', 'MetadataResponseBroker')).toBe('MetadataResponseBroker');
    expect(structTypeName('ListOffsetsRequest', 'ListOffsets', 'ListOffsetsTopic')).toBe('ListOffsetsRequestTopic');
    expect(structTypeName('ProduceRequest', 'Produce', 'TopicProduceData')).toBe('ProduceRequestTopicProduceData');
    // "Fetch" is not a word prefix of "Fetchable": no stripping
    expect(structTypeName('FetchResponse', 'Fetch', 'FetchableTopicResponse')).toBe('FetchResponseFetchableTopicResponse');
    expect(structTypeName('ConsumerProtocolAssignment', null, 'TopicPartition')).toBe('ConsumerProtocolAssignmentTopicPartition');
  });

  it('finds API names and quotes strings', () => {
    expect(apiNameOf('ProduceRequest')).toBe('Produce');
    expect(apiNameOf('OffsetCommitKey')).toBeNull();
    expect(tsString("it's a \\ test\n")).toBe("'it\\'s a \\\\ test\\n'");
  });
});
