// The request-size guard (Kafka's socket.request.max.bytes, 100 MiB): a size prefix above it, or
// negative, closes the connection as soon as the 4 prefix bytes are read. The broker neither
// waits for the announced body nor reserves memory for it, and other connections carry on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClusterHandle, ErrorCode, startCluster } from '../../../broker-runtime/index.js';
import { ApiVersions } from '../../../broker-runtime/protocol/generated/index.js';
import { MAX_REQUEST_BYTES, encodeRequestFrame, responseCorrelationId, sizePrefix } from '../../helpers/frames.js';
import { RawClient } from '../../helpers/raw-client.js';
import { ProbeSocket } from './probe-socket.js';

const DEADLINE_MS = 5_000;
const TWO_GIB_MINUS_ONE = 2 ** 31 - 1;

let cluster: ClusterHandle;
let port: number;
const sockets: ProbeSocket[] = [];

beforeAll(async () => {
  cluster = await startCluster();
  port = cluster.brokers[0].port;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await cluster?.close();
});

async function probe(): Promise<ProbeSocket> {
  const socket = await ProbeSocket.connect(port);
  sockets.push(socket);
  return socket;
}

describe('frame size guard', () => {
  it('closes the connection on a 2 GiB size prefix without waiting for, or buffering, the body', async () => {
    const before = process.memoryUsage().arrayBuffers;
    // 0x7fffffff is the largest int32 (2 GiB - 1); 0x80000000 is "2 GiB" read as unsigned, negative as int32.
    for (const prefix of [sizePrefix(TWO_GIB_MINUS_ONE), Buffer.from([0x80, 0, 0, 0])]) {
      const socket = await probe();
      await socket.write(prefix);
      // Only the prefix was sent: a broker waiting for the body would never close.
      expect(await socket.waitForClose(DEADLINE_MS)).toEqual([]);
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(64 * 1024 * 1024);
  });

  it('closes on a prefix one byte over socket.request.max.bytes, and on one split across writes', async () => {
    const over = await probe();
    await over.write(Buffer.concat([sizePrefix(MAX_REQUEST_BYTES + 1), Buffer.alloc(16)]));
    expect(await over.waitForClose(DEADLINE_MS)).toEqual([]);

    const split = await probe();
    const prefix = sizePrefix(TWO_GIB_MINUS_ONE);
    await split.write(prefix.subarray(0, 1));
    await split.write(prefix.subarray(1));
    expect(await split.waitForClose(DEADLINE_MS)).toEqual([]);
  });

  it('answers the requests before a bad prefix in the same write, then closes', async () => {
    const socket = await probe();
    const versions = encodeRequestFrame({ messages: ApiVersions, version: 0, correlationId: 31, request: {} });
    await socket.write(Buffer.concat([versions, sizePrefix(TWO_GIB_MINUS_ONE), Buffer.alloc(64)]));
    const frames = await socket.waitForClose(DEADLINE_MS);
    expect(frames.map(responseCorrelationId)).toEqual([31]);
  });

  it('keeps serving other connections', async () => {
    const client = await RawClient.connect(cluster.bootstrap);
    try {
      const bad = await probe();
      await bad.write(sizePrefix(-1));
      await bad.waitForClose(DEADLINE_MS);
      const answer = await client.send(ApiVersions, 3, { clientSoftwareName: 'guard', clientSoftwareVersion: '1' });
      expect(answer.errorCode).toBe(ErrorCode.NONE);
    } finally {
      client.close();
    }
  });
});
