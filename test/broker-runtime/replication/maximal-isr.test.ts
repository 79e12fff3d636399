// Kafka's "maximal ISR" (KIP-497): while the leader's request to add a caught-up follower to the
// ISR is in flight, that follower already counts for the high watermark. Otherwise the leader
// acknowledges acks=all records the joining replica lacks, the controller then commits an ISR that
// includes it, and a failover to it loses acknowledged records (found by the fault test in
// test/compat/fault-tolerance-*.test.ts: followers truncated 190 acknowledged records).
import { afterEach, expect, it } from 'vitest';
import { FetchPurgatory } from '../../../broker-runtime/replication/delayed-fetch.js';
import { Partition } from '../../../broker-runtime/replication/partition.js';
import { Log } from '../../../broker-runtime/storage/log.js';
import { batch, config, tempDir } from '../storage/helpers.js';

const logs: Log[] = [];
afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

it('counts a replica whose ISR expansion is in flight, so the high watermark never passes its log end', async () => {
  const log = Log.open(tempDir(), config({}));
  logs.push(log);
  // Leader 0, replicas [0, 1, 2], ISR [0, 1]: replica 2 is catching up after a restart.
  const p = new Partition('t', 0, 'id', log, new FetchPurgatory(), 0,
    { role: 'leader', leaderId: 0, leaderEpoch: 1, replicas: [0, 1, 2], isr: [0, 1] }, 0, Date.now());
  p.appendRecordsToLeader(batch(10));
  p.readForFollower(1, 10, 1 << 20, Date.now());
  expect(p.highWatermark).toBe(10);

  // Replica 2 reaches the high watermark: the leader asks the controller to add it (as ReplicaManager does).
  expect(p.readForFollower(2, 10, 1 << 20, Date.now()).shouldExpandIsr).toBe(true);
  p.pendingIsr = [2];

  // While that request is in flight, an acks=all produce arrives and only replica 1 fetches it.
  const info = p.appendRecordsToLeader(batch(10));
  const acked = p.awaitReplication(info.lastOffset, 5_000);
  p.readForFollower(1, 20, 1 << 20, Date.now());
  expect(p.highWatermark).toBe(10);

  // The controller commits ISR [0, 1, 2]: every member still holds everything below the HWM.
  p.updateIsr([0, 1, 2], [0, 1, 2], Date.now());
  expect(p.pendingIsr).toEqual([]);
  expect(p.highWatermark).toBeLessThanOrEqual(p.followers.get(2)!.logEndOffset);

  // Replica 2 fetches the records: now they are on the whole ISR and the producer hears so.
  p.readForFollower(2, 20, 1 << 20, Date.now());
  expect(await acked).toBe('replicated');
  expect(p.highWatermark).toBe(20);
});
