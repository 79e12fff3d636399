// Broker throughput with librdkafka's own load generator, rdkafka_performance, against librdkafka's
// in-memory mock cluster (the ceiling: a broker that does nothing but keep batches in memory) and,
// given --bootstrap, against an Oxbow broker, in one run, with identical command lines but -b.
//
// Workload, per message size (100 B and 1 KiB), 5 M records (200 k with --quick):
//   produce  rdkafka_performance -P -t <topic> -s <size> -c <count> -a 1 -X linger.ms=5 -b <broker>
//   consume  rdkafka_performance -C -t <topic> -p 0 … -p 5 -o beginning -c <count> -b <broker>
// on a topic with 6 partitions, replication factor 1.
//
// Targets (tools/mock-cluster-host.c explains why the mock is hosted in a process of its own):
//   mock                    oxbow-mock-cluster: one mock broker, topic created with 6 partitions,
//                           stock retention (last 5 MiB per partition). The produce ceiling.
//   mock, retains all       the same with retention lifted, filled by a produce run (shown) and
//                           then consumed from the beginning (the consume row labelled "mock").
//   mock, in-process        `-X test.mock.num.brokers=1`, the mock inside the producer process;
//                           its auto-created topic has 4 partitions. Shown as a sanity reference.
//   oxbow                   --bootstrap: a fresh topic, created with 6 partitions by kafkajs admin
//                           (or, while the broker lacks CreateTopics, auto-created by the first
//                           produce with the broker's num.partitions, which is then checked).
// The ratio column is oxbow / mock records/s (the same as the MB/s ratio: same payload sizes).
//
// Run: npx tsx bench/broker-bench.ts [--bootstrap host:port] [--quick]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { countPartitions, prepareTopic } from './tools/bench-topic.js';
import type { TopicCreation } from './tools/bench-topic.js';
import { ChildRegistry } from './tools/child-processes.js';
import { BenchRunError, locateLoadGenerator, runConsume, runProduce, startMockCluster } from './tools/rdkafka-performance.js';
import type { LoadGenerator, RunLimits, Throughput, Workload } from './tools/rdkafka-performance.js';

export interface BrokerBenchOptions {
  /** An Oxbow broker; without it only the mock is measured. */
  bootstrap?: string;
  quick?: boolean;
}

const PARTITIONS = 6;
const MESSAGE_SIZES = [100, 1024];
const MOCK_TOPIC = 'bench';
const TARGET_MOCK = 'mock';

interface Measurement {
  direction: 'produce' | 'consume';
  messageSize: number;
  target: string;
  outcome: Throughput | Error;
}

export async function runBrokerBench(opts: BrokerBenchOptions): Promise<void> {
  const registry = new ChildRegistry();
  const stopChildren = (): void => registry.killAll();
  const onSignal = (signal: NodeJS.Signals): void => {
    registry.killAll();
    // Let the signal take its usual course unless someone else handles it.
    removeHooks();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeHooks = (): void => {
    process.removeListener('exit', stopChildren);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('exit', stopChildren);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const generator = await locateLoadGenerator(registry);
    const count = opts.quick ? 200_000 : 5_000_000;
    const limits: RunLimits = { registry, timeoutMs: opts.quick ? 60_000 : 300_000 };
    console.log(`load generator: ${generator.binary}`);
    console.log(`${count.toLocaleString('en-US')} records per run, ${PARTITIONS} partitions, acks=1, linger.ms=5, time limit ${limits.timeoutMs / 1000} s per run`);

    const measurements: Measurement[] = [];
    for (const messageSize of MESSAGE_SIZES) {
      measurements.push(...(await measureMock(generator, { topic: MOCK_TOPIC, messageSize, count }, limits)));
      if (opts.bootstrap) {
        const topic = `oxbow-bench-${messageSize}b-${Date.now()}`;
        measurements.push(...(await measureOxbow(generator, opts.bootstrap, { topic, messageSize, count }, limits)));
      }
    }
    printTable(measurements);
  } finally {
    registry.killAll();
    removeHooks();
  }
}

async function measureMock(gen: LoadGenerator, w: Workload, limits: RunLimits): Promise<Measurement[]> {
  const { registry } = limits;
  const rows = [await measure('produce', w, 'mock, in-process', () => runProduce(gen, w, 'in-process-mock', limits))];

  const stock = await startMockCluster(gen, { topic: w.topic, partitions: PARTITIONS, retainAll: false, registry });
  try {
    rows.push(await measure('produce', w, TARGET_MOCK, () => runProduce(gen, w, { bootstrap: stock.bootstrap }, limits)));
  } finally {
    await stock.stop();
  }

  const retaining = await startMockCluster(gen, { topic: w.topic, partitions: PARTITIONS, retainAll: true, registry });
  try {
    const fill = await measure('produce', w, 'mock, retains all', () => runProduce(gen, w, { bootstrap: retaining.bootstrap }, limits));
    rows.push(fill);
    rows.push(await measureConsumeAfter(fill, w, TARGET_MOCK, () => runConsume(gen, w, PARTITIONS, retaining.bootstrap, limits)));
  } finally {
    await retaining.stop();
  }
  return rows;
}

async function measureOxbow(gen: LoadGenerator, bootstrap: string, w: Workload, limits: RunLimits): Promise<Measurement[]> {
  let creation: TopicCreation;
  try {
    creation = await prepareTopic(bootstrap, w.topic, PARTITIONS);
  } catch (err) {
    return [
      { direction: 'produce', messageSize: w.messageSize, target: 'oxbow', outcome: asError(err) },
      { direction: 'consume', messageSize: w.messageSize, target: 'oxbow', outcome: new BenchRunError('skipped: the topic could not be created') },
    ];
  }
  if (creation === 'auto-created') console.log(`note: the broker has no CreateTopics; ${w.topic} is auto-created by the first produce`);

  const produced = await measure('produce', w, 'oxbow', () => runProduce(gen, w, { bootstrap }, limits));
  const consumed = await measureConsumeAfter(produced, w, 'oxbow', async () => {
    // Invariant: consuming partitions 0..PARTITIONS-1 reads everything only if that is all there is.
    const found = creation === 'created' ? PARTITIONS : await countPartitions(bootstrap, w.topic);
    if (found !== PARTITIONS) {
      throw new BenchRunError(`${w.topic} was auto-created with ${found} partitions; start the broker with num.partitions=${PARTITIONS}`);
    }
    return runConsume(gen, w, PARTITIONS, bootstrap, limits);
  });
  return [produced, consumed];
}

async function measure(direction: Measurement['direction'], w: Workload, target: string, run: () => Promise<Throughput>): Promise<Measurement> {
  let outcome: Throughput | Error;
  try {
    outcome = await run();
  } catch (err) {
    outcome = asError(err);
  }
  return { direction, messageSize: w.messageSize, target, outcome };
}

/** Consuming is measured only over data that was all delivered. */
function measureConsumeAfter(fill: Measurement, w: Workload, target: string, run: () => Promise<Throughput>): Promise<Measurement> {
  if (fill.outcome instanceof Error) {
    const outcome = new BenchRunError('skipped: the produce run that fills the topic failed');
    return Promise.resolve({ direction: 'consume', messageSize: w.messageSize, target, outcome });
  }
  return measure('consume', w, target, run);
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function sizeLabel(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} B`;
}

function printTable(measurements: readonly Measurement[]): void {
  const rows = [['workload', 'target', 'records/s', 'MB/s', 'time', 'oxbow / mock']];
  const failures: string[] = [];
  for (const messageSize of MESSAGE_SIZES) {
    for (const direction of ['produce', 'consume'] as const) {
      const group = measurements.filter((m) => m.messageSize === messageSize && m.direction === direction);
      const mock = group.find((m) => m.target === TARGET_MOCK)?.outcome;
      for (const m of group) {
        const workload = `${direction} ${sizeLabel(messageSize)}`;
        if (m.outcome instanceof Error) {
          rows.push([workload, m.target, 'failed', '-', '-', '-']);
          failures.push(`${workload} / ${m.target}: ${m.outcome.message}`);
          continue;
        }
        const ratio = m.target === 'oxbow' && mock && !(mock instanceof Error) ? (m.outcome.recordsPerSec / mock.recordsPerSec).toFixed(2) : '';
        rows.push([
          workload,
          m.target,
          m.outcome.recordsPerSec.toLocaleString('en-US'),
          m.outcome.mbPerSec.toFixed(1),
          `${(m.outcome.elapsedMs / 1000).toFixed(2)} s`,
          ratio,
        ]);
      }
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  for (const failure of failures) console.log(`\n${failure}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { bootstrap: { type: 'string' }, quick: { type: 'boolean', default: false } } });
  await runBrokerBench({ bootstrap: values.bootstrap, quick: values.quick });
}
