// DescribeCluster (key 60): versions 0-1, flexible from v0 (KIP-700).
// - The live brokers, the cluster id, and as controller the same broker the Metadata handler
//   names: every Oxbow broker forwards admin requests to the coordinator, as KRaft brokers do.
// - ClusterAuthorizedOperations: with IncludeClusterAuthorizedOperations, every operation a
//   cluster supports (Oxbow has no authorizer, so all are allowed, as in Kafka without one);
//   otherwise Kafka's "not requested" value, Int32 minimum.
// - v1: EndpointType (KIP-919). This is a broker endpoint (1); asking it for a controller endpoint
//   (2) is MISMATCHED_ENDPOINT_TYPE.
import { ErrorCode } from '../protocol/error-codes.js';
import { DescribeCluster } from '../protocol/generated/describe-cluster.js';
import { defineHandler } from './handler.js';

const BROKER_ENDPOINT = 1;
const NOT_REQUESTED = -(2 ** 31);

/** AclOperation codes a CLUSTER resource supports: CREATE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE. */
const CLUSTER_OPERATIONS = [5, 7, 8, 9, 10, 11, 12].reduce((bits, op) => bits | (1 << op), 0);

export const describeClusterHandler = defineHandler({
  messages: DescribeCluster,
  minVersion: 0,
  maxVersion: 1,
  handle(request, { broker }) {
    const endpointType = request.endpointType ?? BROKER_ENDPOINT;
    const clusterAuthorizedOperations = request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : NOT_REQUESTED;
    if (endpointType !== BROKER_ENDPOINT) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.MISMATCHED_ENDPOINT_TYPE,
        errorMessage: `The request was sent to an endpoint of type BROKER (${BROKER_ENDPOINT}), but it wanted one of type ${endpointType}.`,
        endpointType: BROKER_ENDPOINT,
        clusterId: broker.clusterId,
        controllerId: -1,
        brokers: [],
        clusterAuthorizedOperations,
      };
    }
    const brokers = broker.metadata.liveBrokers();
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      endpointType: BROKER_ENDPOINT,
      clusterId: broker.clusterId,
      controllerId: brokers[0]?.brokerId ?? -1,
      brokers: brokers.map((b) => ({ brokerId: b.brokerId, host: b.host, port: b.port, rack: b.rack })),
      clusterAuthorizedOperations,
    };
  },
});
