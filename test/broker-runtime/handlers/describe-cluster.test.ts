import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';
import { DescribeCluster } from '../../../broker-runtime/protocol/generated/describe-cluster.js';
import { Metadata } from '../../../broker-runtime/protocol/generated/metadata.js';
import { useHandlerFixture } from './fixture.js';

const fixture = useHandlerFixture();

/** CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE as a bit field. */
const ALL_CLUSTER_OPERATIONS = (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12);

describe('DescribeCluster', () => {
  it('lists the brokers, the cluster id and the same controller as Metadata, in v0 and v1', async () => {
    const cluster = await fixture.start({ brokers: 3 });
    const client = await fixture.raw(cluster, 2);
    const v0 = await client.send(DescribeCluster, 0, { includeClusterAuthorizedOperations: false });
    expect(v0).toEqual({
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      clusterId: cluster.clusterId,
      controllerId: expect.any(Number),
      brokers: cluster.brokers.map((b) => ({ brokerId: b.id, host: b.host, port: b.port, rack: null })),
      clusterAuthorizedOperations: -(2 ** 31),
    });
    const metadata = await client.send(Metadata, 1, { topics: [] });
    expect(v0.controllerId).toBe(metadata.controllerId);

    const v1 = await client.send(DescribeCluster, 1, { includeClusterAuthorizedOperations: true, endpointType: 1 });
    expect(v1).toMatchObject({ errorCode: ErrorCode.NONE, endpointType: 1, clusterAuthorizedOperations: ALL_CLUSTER_OPERATIONS });
    expect(v1.brokers).toHaveLength(3);
  });

  it('answers MISMATCHED_ENDPOINT_TYPE when asked for a controller endpoint', async () => {
    const cluster = await fixture.start();
    const client = await fixture.raw(cluster);
    const response = await client.send(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 2 });
    expect(response).toMatchObject({ errorCode: ErrorCode.MISMATCHED_ENDPOINT_TYPE, endpointType: 1, brokers: [] });
  });

  it('agrees with what kafkajs describes from Metadata', async () => {
    const cluster = await fixture.start({ brokers: 2 });
    const admin = await fixture.admin(cluster);
    const fromKafkajs = await admin.describeCluster();
    const client = await fixture.raw(cluster);
    const response = await client.send(DescribeCluster, 1, { includeClusterAuthorizedOperations: false, endpointType: 1 });
    expect(fromKafkajs.clusterId).toBe(response.clusterId);
    expect(fromKafkajs.controller).toBe(response.controllerId);
    expect(fromKafkajs.brokers.map((b) => b.nodeId).sort()).toEqual(response.brokers.map((b) => b.brokerId));
  });
});
