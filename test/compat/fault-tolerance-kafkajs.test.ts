// Check 1 of the cluster issue with kafkajs: idempotent acks=all producers write numbered records
// to a topic with RF 3 and min.insync.replicas=2 while the leader of a partition they write is
// killed and restarted ten times; every acknowledged number is then read exactly once, in order.
//
// Bookkeeping: a send() that resolves acknowledges all its records; one that rejects acknowledges
// none (some may be stored anyway, at most once). After a rejected send the producer is replaced:
// kafkajs would hand the next records the failed batch's sequence numbers, which the broker could
// rightly take for duplicates of a batch it did store (kafkajs's eos-manager advances sequences
// on success only).
//
// NB: one partition per send(), one producer per partition. A kafkajs 2.2.4 send() spanning
// partitions led by different brokers can resolve without ever writing some of them: its retry
// keeps the responses of the brokers that answered (sendMessages.js, responsePerBroker) and skips
// every broker that has one, so a partition whose leader died and moved to such a broker is
// acknowledged unsent (tulios/kafkajs#1303, PR #1798): here, one whole batch per kill, acknowledged
// and stored on no replica, because no broker ever received it.
import type { Kafka, Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  AckLedger, FAULT_CLUSTER, PARTITIONS, ROUNDS, awaitProgress, createReplicatedTopic, killLeadersInTurn, locate, missingAcknowledged,
  readAll, replicasConverge, unacknowledgedPresent, violations, within,
} from './helpers/fault-tolerance.js';
import { compatHarness } from './helpers/harness.js';
import { kafkajsClient } from './helpers/kafkajs.js';

const harness = compatHarness();
const TOPIC = 'fault-tolerance-kafkajs';
/** Records per send(), all for one partition. */
const PER_SEND = 10;

/**
 * Sends numbered records to one partition (n = partition, partition + 3, ...), one send() at a
 * time, until `stop()`.
 */
async function producePartition(kafka: Kafka, partition: number, ledger: AckLedger, stop: () => boolean): Promise<void> {
  // Idempotent: kafkajs retries without limit unless told otherwise (the producer's own default).
  const connect = async (): Promise<Producer> => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    harness.onTeardown(() => producer.disconnect());
    await producer.connect();
    return producer;
  };
  let producer = await connect();
  for (let send = 0; !stop(); send++) {
    const numbers = Array.from({ length: PER_SEND }, (_, i) => (send * PER_SEND + i) * PARTITIONS + partition);
    numbers.forEach((n) => ledger.send(n));
    try {
      await producer.send({ topic: TOPIC, acks: -1, messages: numbers.map((n) => ({ partition, key: `k${n}`, value: String(n) })) });
      numbers.forEach((n) => ledger.ack(n));
    } catch (err) {
      numbers.forEach((n) => ledger.fail(n));
      ledger.errors.push(`partition ${partition}, send of ${numbers[0]}..${numbers.at(-1)}: ${(err as Error).message}`);
      await producer.disconnect().catch(() => {});
      producer = await connect();
    }
  }
  await producer.disconnect();
}

describe('kafkajs idempotent producer while partition leaders are killed', () => {
  it(`acknowledged records survive ${ROUNDS} leader kills exactly once and in order`, async () => {
    const cluster = await harness.startCluster(FAULT_CLUSTER);
    await createReplicatedTopic(cluster, TOPIC);

    const ledger = new AckLedger();
    let stopping = false;
    const kafka = kafkajsClient(cluster.bootstrap, { config: { retry: { initialRetryTime: 50, maxRetryTime: 500 } } });
    const producing = Promise.all(Array.from({ length: PARTITIONS }, (_, p) => producePartition(kafka, p, ledger, () => stopping)))
      .catch((err: Error) => {
        ledger.fatal = err.message;
      });
    try {
      await awaitProgress(ledger, 50, 'the first acknowledgements');
      const rounds = await killLeadersInTurn(cluster, TOPIC, ledger);
      expect(rounds.map((r) => r.partition)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i % 3));
      await awaitProgress(ledger, 50, 'acknowledgements after the last restart');
      console.log(`kafkajs rounds: ${JSON.stringify(rounds)}`);
    } finally {
      // On failure the teardown disconnects a producer that may be retrying forever.
      stopping = true;
    }
    await within(producing, 30_000, 'the producer to finish its last send');
    ledger.check();

    const read = await readAll(cluster.bootstrap, TOPIC);
    console.log(`kafkajs: ${ledger.acked.size} acknowledged, ${ledger.failed.size} failed, ${read.flat().length} read, `
      + `${unacknowledgedPresent(read, ledger)} unacknowledged present; errors: ${JSON.stringify(ledger.errors)}`);
    // On failure the message says where the first missing records are stored, if anywhere.
    expect(violations(read, ledger), locate(cluster, TOPIC, missingAcknowledged(read, ledger).slice(0, 5)).join('\n')).toEqual([]);
    expect(ledger.acked.size).toBeGreaterThan(ROUNDS * 3 * 20);
    // Replicas agree record for record once the producer stopped (no follower kept a divergent tail).
    expect(await replicasConverge(cluster, TOPIC, 20_000)).toEqual([]);
    // With unlimited retries only a non-retriable error fails a send, and none is expected here.
    expect(ledger.errors).toEqual([]);
  }, 120_000);
});
