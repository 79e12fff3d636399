// Check 1 of the cluster issue with librdkafka: an idempotent acks=all producer (Debian's
// confluent-kafka 1.7.0 on librdkafka 2.0.2) writes numbered records to a topic with RF 3 and
// min.insync.replicas=2 while the leader of a partition it writes is killed and restarted ten
// times; every acknowledged number is then read exactly once, in order.
//
// Bookkeeping: the producer runs as a child process and reports each record's delivery report
// (helpers/python/confluent_sequence_produce.py), the one place librdkafka says whether the
// cluster acknowledged a record; kcat -P only counts failures.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnTracked } from './helpers/child-process.js';
import {
  AckLedger, FAULT_CLUSTER, ROUNDS, awaitProgress, createReplicatedTopic, killLeadersInTurn, locate, missingAcknowledged, readAll,
  replicasConverge, unacknowledgedPresent, violations, within,
} from './helpers/fault-tolerance.js';
import { compatHarness } from './helpers/harness.js';
import { PYTHON } from './helpers/python.js';

const harness = compatHarness();
const TOPIC = 'fault-tolerance-librdkafka';
const SCRIPT = fileURLToPath(new URL('./helpers/python/confluent_sequence_produce.py', import.meta.url));

interface SequenceProducer {
  child: ChildProcess;
  closed: Promise<unknown>;
  /** Produced so far, and records left without a report at the final flush (from its last line). */
  done: { produced: number; unreported: number } | null;
  stderrTail: string;
}

/** Starts the producer; its reports go straight into `ledger`. */
function startProducer(bootstrap: string, ledger: AckLedger): SequenceProducer {
  const request = {
    bootstrap,
    topic: TOPIC,
    partitions: 3,
    rate: 3000,
    window: 5000,
    flush_timeout: 20,
    config: {
      // Failover takes about a second here; nothing should give up on a record meanwhile.
      'message.timeout.ms': 30_000,
      'retry.backoff.ms': 50,
      // librdkafka's default backs off reconnects up to 10 s: a restarted broker that leads again
      // would be left alone that long.
      'reconnect.backoff.ms': 50,
      'reconnect.backoff.max.ms': 500,
    },
  };
  const child = spawnTracked(PYTHON, [SCRIPT, JSON.stringify(request)], { env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  const producer: SequenceProducer = { child, closed: once(child, 'close'), done: null, stderrTail: '' };
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (producer.stderrTail = (producer.stderrTail + chunk).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const [kind, first, ...rest] = line.split(' ');
    const n = Number(first);
    try {
      if (kind === 'A') {
        ledger.send(n);
        ledger.ack(n);
      } else if (kind === 'F') {
        ledger.send(n);
        ledger.fail(n);
        ledger.errors.push(`${n}: ${rest.join(' ')}`);
      } else if (kind === 'X') {
        ledger.fatal = [first, ...rest].join(' ');
      } else if (kind === 'D') {
        producer.done = { produced: n, unreported: Number(rest[0]) };
      } else {
        throw new Error(`unexpected line ${JSON.stringify(line)}`);
      }
    } catch (err) {
      ledger.fatal = (err as Error).message;
    }
  });
  child.once('close', (code) => {
    if (producer.done === null && ledger.fatal === null) ledger.fatal = `the producer exited (${code}) early:\n${producer.stderrTail}`;
  });
  return producer;
}

/** Asks the producer to stop, waits for its final flush, and records every number it produced as sent. */
async function stopProducer(producer: SequenceProducer, ledger: AckLedger): Promise<void> {
  producer.child.stdin!.end('stop\n');
  await within(producer.closed, 40_000, 'the producer to flush and exit');
  const done = producer.done;
  if (done === null) throw new Error(`the producer ended without its final report:\n${producer.stderrTail}`);
  for (let n = 0; n < done.produced; n++) ledger.send(n);
  expect(done.unreported, 'records without a delivery report after the final flush').toBe(0);
}

describe('librdkafka idempotent producer while partition leaders are killed', () => {
  it(`acknowledged records survive ${ROUNDS} leader kills exactly once and in order`, async () => {
    const cluster = await harness.startCluster(FAULT_CLUSTER);
    await createReplicatedTopic(cluster, TOPIC);

    const ledger = new AckLedger();
    const producer = startProducer(cluster.bootstrap, ledger);
    await awaitProgress(ledger, 50, 'the first acknowledgements');
    const rounds = await killLeadersInTurn(cluster, TOPIC, ledger);
    expect(rounds.map((r) => r.partition)).toEqual(Array.from({ length: ROUNDS }, (_, i) => i % 3));
    await awaitProgress(ledger, 50, 'acknowledgements after the last restart');
    console.log(`librdkafka rounds: ${JSON.stringify(rounds)}`);
    await stopProducer(producer, ledger);
    ledger.check();

    const read = await readAll(cluster.bootstrap, TOPIC);
    console.log(`librdkafka: ${ledger.sent.size} produced, ${ledger.acked.size} acknowledged, ${ledger.failed.size} failed, `
      + `${read.flat().length} read, ${unacknowledgedPresent(read, ledger)} unacknowledged present; `
      + `errors: ${JSON.stringify(ledger.errors.slice(0, 10))}`);
    // On failure the message says where the first missing records are stored, if anywhere.
    expect(violations(read, ledger), locate(cluster, TOPIC, missingAcknowledged(read, ledger).slice(0, 5)).join('\n')).toEqual([]);
    expect(ledger.acked.size).toBeGreaterThan(ROUNDS * 3 * 20);
    // Replicas agree record for record once the producer stopped (no follower kept a divergent tail).
    expect(await replicasConverge(cluster, TOPIC, 20_000)).toEqual([]);
    // With a 30 s message timeout no record should fail during a one-second failover.
    expect(ledger.errors).toEqual([]);
  }, 120_000);
});
