// The cluster issue's checks 5 and 6.
//
// Check 5, replicated produce: librdkafka's rdkafka_performance against a 3-broker Oxbow worker
// cluster and, in the same run, against librdkafka's 3-broker mock cluster (the ceiling), on a
// topic with 6 partitions, replication factor 3 and min.insync.replicas=2 (the mock ignores the
// last: it replicates nothing). Three runs per target:
//   throughput   rdkafka_performance -P -t <topic> -s 1024 -c 1000000 -a -1 -X linger.ms=5 -b <cluster>
//                (100 k records with --quick): the reference workload; the ratio is taken here.
//   saturating   the same with -l -A <file>: each message's latency from produce() to its delivery
//                report, written by the tool and summed up here. -l costs the tool itself a share
//                of its rate (a third on the mock), so throughput is taken without it. A producer
//                sending as fast as it can mostly measures time queued inside itself.
//   paced        -r 10000 -l -A <file>, 50 k records (20 k with --quick): latency at a moderate
//                rate, where it is the brokers' own.
// and, for Oxbow, the throughput run with acks=1 as a pointer to what waiting for the followers costs.
// Each target first takes an unmeasured warm-up run (100 k records, 20 k with --quick): Oxbow's
// first batches run through code V8 has not compiled yet, and connections are set up.
//
// Targets:
//   mock                 oxbow-mock-cluster --brokers 3: the topic created up front, leaders spread
//                        round-robin (tools/mock-cluster-host.c). The ceiling.
//   mock, in-process     -X test.mock.num.brokers=3, the mock inside the producer process (its
//                        auto-created topic has the mock's default partition count). A sanity reference.
//   oxbow                tools/oxbow-cluster-host.mjs: startCluster({ brokers: 3 }) from dist/ in a
//                        Node process of its own; a fresh topic per run, created by kafkajs admin and
//                        deleted after it.
//
// For each Oxbow run, the CPU the whole Oxbow process (every worker thread) used, in user and in
// kernel mode, until the followers hold every record: the cluster shares the machine's cores with the load generator, so CPU per record
// is what bounds its throughput. NB (perf, 2 cores): the kernel's share is mostly copying appends
// into new page-cache pages (a third of all CPU in the throughput run: every record is written
// once per replica, 3 GB, where the mock keeps one copy in memory) and loopback TCP. On a virtual
// machine whose host takes freed memory back, new page-cache pages cost up to ten times a copy
// into cached ones, so the ratio moves with how much memory the host has reclaimed.
//
// Check 6, startup and memory: startCluster({ brokers: 3 }) from dist/ in a fresh Node process,
// timed from the call to the first Metadata answer listing all 3 brokers (the engine's import
// timed apart), several times; then the process's RSS once the idle cluster's memory settled.
//
// Needs the build: `npm run build` first (dist/ is what the app ships).
// Run: npx tsx bench/cluster-bench.ts [--quick]
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deleteTopic, prepareTopic } from './tools/bench-topic.js';
import { ChildRegistry } from './tools/child-processes.js';
import { type CpuSeconds, checkBuild, startOxbowHost } from './tools/oxbow-cluster.js';
import {
  type LatencySummary, type LoadGenerator, type ProduceOptions, type RunLimits, type Target, type Throughput, type Workload,
  locateLoadGenerator, readLatencies, runProduce, startMockCluster,
} from './tools/rdkafka-performance.js';

export interface ClusterBenchOptions {
  quick?: boolean;
}

const BROKERS = 3;
const PARTITIONS = 6;
const MESSAGE_SIZE = 1024;
const TOPIC_SETTINGS = { replicationFactor: 3, configs: { 'min.insync.replicas': '2' } };
const PACED_RATE = 10_000;
const TARGET_MOCK = 'mock';
const TARGET_OXBOW = 'oxbow';

type RunName = 'throughput' | 'saturating' | 'paced';

interface RunSpec {
  name: RunName;
  count: number;
  latency: boolean;
  ratePerSec?: number;
  acks: 1 | -1;
}

interface Row {
  run: RunName;
  target: string;
  outcome: { throughput: Throughput; latency: LatencySummary | null } | Error;
  /** The Oxbow process's CPU during the run. */
  cpu?: CpuSeconds;
}

export async function runClusterBench(opts: ClusterBenchOptions): Promise<void> {
  const registry = new ChildRegistry();
  const stopChildren = (): void => registry.killAll();
  process.once('exit', stopChildren);
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'oxbow-cluster-bench-'));
  try {
    await checkBuild();
    const generator = await locateLoadGenerator(registry);
    const count = opts.quick ? 100_000 : 1_000_000;
    const runs: RunSpec[] = [
      { name: 'throughput', count, latency: false, acks: -1 },
      { name: 'saturating', count, latency: true, acks: -1 },
      { name: 'paced', count: opts.quick ? 20_000 : 50_000, latency: true, ratePerSec: PACED_RATE, acks: -1 },
    ];
    const limits: RunLimits = { registry, timeoutMs: opts.quick ? 120_000 : 300_000 };
    console.log(`load generator: ${generator.binary}`);
    console.log(`${BROKERS} brokers, ${PARTITIONS} partitions, RF 3, min.insync.replicas=2, ${MESSAGE_SIZE} B records, acks=all, linger.ms=5`);
    console.log(`throughput and saturating: ${count.toLocaleString('en-US')} records; paced: ${runs[2].count.toLocaleString('en-US')} at ${PACED_RATE.toLocaleString('en-US')}/s\n`);

    const rows: Row[] = [];
    const warmUp: RunSpec = { name: 'throughput', count: opts.quick ? 20_000 : 100_000, latency: false, acks: -1 };
    const mock = await startMockCluster(generator, { topic: 'bench', partitions: PARTITIONS, retainAll: false, registry, brokers: BROKERS });
    try {
      await measure(warmUp, TARGET_MOCK, generator, 'bench', { bootstrap: mock.bootstrap }, limits, scratch);
      for (const run of runs) rows.push(await measure(run, TARGET_MOCK, generator, 'bench', { bootstrap: mock.bootstrap }, limits, scratch));
    } finally {
      await mock.stop();
    }
    rows.push(await measure(runs[0], 'mock, in-process', generator, 'bench', 'in-process-mock', limits, scratch));

    const host = await startOxbowHost(registry, BROKERS);
    try {
      await prepareTopic(host.bootstrap, 'warm-up', PARTITIONS, TOPIC_SETTINGS);
      await measure(warmUp, TARGET_OXBOW, generator, 'warm-up', { bootstrap: host.bootstrap }, limits, scratch);
      await deleteTopic(host.bootstrap, 'warm-up');
      for (const [run, target] of [...runs.map((r) => [r, TARGET_OXBOW] as const), [{ ...runs[0], acks: 1 } as RunSpec, 'oxbow, acks=1'] as const]) {
        const topic = `oxbow-bench-${run.name}-${rows.length}`;
        try {
          await prepareTopic(host.bootstrap, topic, PARTITIONS, TOPIC_SETTINGS);
        } catch (err) {
          rows.push({ run: run.name, target, outcome: asError(err) });
          continue;
        }
        const before = await host.cpu();
        const row = await measure(run, target, generator, topic, { bootstrap: host.bootstrap }, limits, scratch);
        // acks=1 is acknowledged before the followers have the records: their catching up counts too.
        await host.replicated(topic);
        const after = await host.cpu();
        rows.push({ ...row, cpu: { user: after.user - before.user, system: after.system - before.system } });
        await deleteTopic(host.bootstrap, topic).catch((err: unknown) => console.log(`note: ${topic} not deleted: ${asError(err).message}`));
      }
    } finally {
      await host.stop();
    }
    printThroughput(rows);

    console.log(`\nstartCluster({ brokers: ${BROKERS} }) from dist/, each in a fresh Node process:\n`);
    await measureStartup(registry, opts.quick ? 3 : 5);
  } finally {
    registry.killAll();
    process.removeListener('exit', stopChildren);
    await fs.rm(scratch, { recursive: true, force: true });
  }
}

async function measure(
  run: RunSpec, target: string, gen: LoadGenerator, topic: string, where: Target, limits: RunLimits, scratch: string,
): Promise<Row> {
  const latencyFile = run.latency ? path.join(scratch, `${target.replace(/\W+/g, '-')}-${run.name}.latency`) : undefined;
  const options: ProduceOptions = { acks: run.acks, mockBrokers: BROKERS, latencyFile, ratePerSec: run.ratePerSec };
  const workload: Workload = { topic, messageSize: MESSAGE_SIZE, count: run.count };
  try {
    const throughput = await runProduce(gen, workload, where, limits, options);
    return { run: run.name, target, outcome: { throughput, latency: latencyFile ? await readLatencies(latencyFile) : null } };
  } catch (err) {
    return { run: run.name, target, outcome: asError(err) };
  } finally {
    if (latencyFile) await fs.rm(latencyFile, { force: true });
  }
}

async function measureStartup(registry: ChildRegistry, runs: number): Promise<void> {
  const samples: { importMs: number; resolvedMs: number; metadataMs: number; rssBytes: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const host = await startOxbowHost(registry, BROKERS);
    try {
      const { rssBytes } = await host.rss();
      samples.push({ ...host.started, rssBytes });
    } finally {
      await host.stop();
    }
  }
  const ms = (v: number): string => `${Math.round(v)} ms`;
  const mib = (v: number): string => `${(v / 2 ** 20).toFixed(0)} MiB`;
  const rows = [['run', 'engine import', 'startCluster resolved', 'Metadata lists 3 brokers', 'idle RSS']];
  samples.forEach((s, i) => rows.push([String(i + 1), ms(s.importMs), ms(s.resolvedMs), ms(s.metadataMs), mib(s.rssBytes)]));
  const median = (pick: (s: (typeof samples)[number]) => number): number => {
    const sorted = samples.map(pick).sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  rows.push(['median', ms(median((s) => s.importMs)), ms(median((s) => s.resolvedMs)), ms(median((s) => s.metadataMs)), mib(median((s) => s.rssBytes))]);
  printTable(rows);
  const startup = median((s) => s.metadataMs);
  console.log(`\nstartup to a full Metadata answer: median ${ms(startup)} (target under 1000 ms: ${startup < 1000 ? 'met' : 'NOT met'})`);
}

function printThroughput(rows: readonly Row[]): void {
  const table = [['run', 'target', 'records/s', 'MB/s', 'p50 latency', 'p99 latency', 'oxbow / mock', 'oxbow CPU user + kernel']];
  const failures: string[] = [];
  const ms = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(1)} ms`);
  for (const run of ['throughput', 'saturating', 'paced'] as const) {
    const group = rows.filter((r) => r.run === run);
    const mock = group.find((r) => r.target === TARGET_MOCK)?.outcome;
    for (const r of group) {
      if (r.outcome instanceof Error) {
        table.push([run, r.target, 'failed', '-', '-', '-', '-', '-']);
        failures.push(`${run} / ${r.target}: ${r.outcome.message}`);
        continue;
      }
      const { throughput, latency } = r.outcome;
      const ratio = run !== 'paced' && r.target.startsWith(TARGET_OXBOW) && mock && !(mock instanceof Error)
        ? (throughput.recordsPerSec / mock.throughput.recordsPerSec).toFixed(2) : '';
      table.push([
        run, r.target, throughput.recordsPerSec.toLocaleString('en-US'), throughput.mbPerSec.toFixed(1),
        ms(latency?.p50Ms), ms(latency?.p99Ms), ratio, r.cpu ? `${r.cpu.user.toFixed(1)} s + ${r.cpu.system.toFixed(1)} s` : '',
      ]);
    }
  }
  printTable(table);
  const oxbow = rows.find((r) => r.run === 'throughput' && r.target === TARGET_OXBOW)?.outcome;
  const mock = rows.find((r) => r.run === 'throughput' && r.target === TARGET_MOCK)?.outcome;
  if (oxbow && mock && !(oxbow instanceof Error) && !(mock instanceof Error)) {
    const ratio = oxbow.throughput.recordsPerSec / mock.throughput.recordsPerSec;
    console.log(`\noxbow / mock, reference workload: ${ratio.toFixed(2)} (target >= 0.25: ${ratio >= 0.25 ? 'met' : 'NOT met'})`);
  }
  for (const failure of failures) console.log(`\n${failure}`);
}

function printTable(rows: readonly string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
  await runClusterBench({ quick: values.quick });
}
