// A bare Kafka protocol client for tests: the engine's own BrokerConnection (generated request
// header and codecs, responses matched in order), strict about leftover response bytes so a codec
// or handler mismatch cannot pass unnoticed. For the versions and fields that real clients do not
// send (CreateTopics v7, DescribeCluster, DeleteTopics by id, ...).
//
//   const client = await RawClient.connect(cluster.bootstrap);
//   const response = await client.send(DescribeCluster, 1, { includeClusterAuthorizedOperations: true });
//   client.close();
import type { ApiMessages } from '../../broker-runtime/protocol/primitives/api-messages.js';
import { BrokerConnection } from '../../broker-runtime/replication/broker-connection.js';

export type RawClient = BrokerConnection;

export const RawClient = {
  /** Connects to `host:port`, or to the first address of a bootstrap list. */
  connect(address: string, clientId = 'oxbow-raw-client'): Promise<RawClient> {
    const [host, port] = address.split(',')[0].split(':');
    return BrokerConnection.connect(host, Number(port), clientId, 5000, { requireWholeResponse: true });
  },
};

/** Connects, sends one request, closes. */
export async function rawRequest<Req, Res>(address: string, messages: ApiMessages<Req, Res>, version: number, request: Req): Promise<Res> {
  const client = await RawClient.connect(address);
  try {
    return await client.send(messages, version, request);
  } finally {
    client.close();
  }
}
