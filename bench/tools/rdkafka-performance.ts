// Drives librdkafka's rdkafka_performance (built by build-rdkafka-performance.sh) and the
// oxbow-mock-cluster host beside it, and reads their figures.
//
// Figures come from the tool's final summary line, printed once more after the run whatever the
// interval (-i) or verbosity; it is the last line of its kind on stdout, so we take the last
// match. Its "MB/s" is payload bytes per microsecond, i.e. decimal megabytes, and its msgs/s uses
// the same microsecond clock: the producer's from the first send to the last delivery report,
// the consumer's from the first message received to the last. We keep the default summary format
// (not -u): -u replaces it with a fixed-width table and drops the delivered/failed counts we check.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { killByPid, runChild } from './child-processes.js';
import type { ChildRegistry, ChildResult } from './child-processes.js';

export interface LoadGenerator {
  binary: string;
  mockHost: string;
}

export interface Throughput {
  records: number;
  bytes: number;
  elapsedMs: number;
  recordsPerSec: number;
  mbPerSec: number;
}

/** A run that gave no trustworthy figure: timed out, failed, or lost or duplicated records. */
export class BenchRunError extends Error {}

const BUILD_SCRIPT = fileURLToPath(new URL('./build-rdkafka-performance.sh', import.meta.url));
const BUILD_TIMEOUT_MS = 15 * 60_000;

/** Builds the binaries on first use (under a minute), then returns the cached ones at once. */
export async function locateLoadGenerator(registry: ChildRegistry): Promise<LoadGenerator> {
  const result = await runChild('bash', [BUILD_SCRIPT], { registry, timeoutMs: BUILD_TIMEOUT_MS });
  const binary = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !path.isAbsolute(binary)) {
    throw new BenchRunError(`${BUILD_SCRIPT} failed (${describeExit(result)}):\n${result.stderrTail}`);
  }
  const generator = { binary, mockHost: path.join(path.dirname(binary), 'oxbow-mock-cluster') };
  await fs.access(generator.binary, fs.constants.X_OK);
  await fs.access(generator.mockHost, fs.constants.X_OK);
  return generator;
}

const PRODUCE_SUMMARY =
  /^% (\d+) messages produced \((\d+) bytes\), (\d+) delivered \(offset -?\d+, (\d+) failed\) in (\d+)ms: (\d+) msgs\/s and ([\d.]+) MB\/s/gm;
const CONSUME_SUMMARY = /^% (\d+) messages \((\d+) bytes\) consumed in (\d+)ms: (\d+) msgs\/s \(([\d.]+) MB\/s\)/gm;

export interface ProduceSummary extends Throughput {
  produced: number;
  failed: number;
}

export function parseProduceSummary(stdout: string): ProduceSummary | undefined {
  const last = [...stdout.matchAll(PRODUCE_SUMMARY)].at(-1);
  if (!last) return undefined;
  const [produced, bytes, delivered, failed, elapsedMs, recordsPerSec] = last.slice(1, 7).map(Number);
  // NB: "bytes" counts everything handed to the producer; the rates count delivered payload only.
  return { produced, bytes, records: delivered, failed, elapsedMs, recordsPerSec, mbPerSec: Number(last[7]) };
}

export function parseConsumeSummary(stdout: string): Throughput | undefined {
  const last = [...stdout.matchAll(CONSUME_SUMMARY)].at(-1);
  if (!last) return undefined;
  const [records, bytes, elapsedMs, recordsPerSec] = last.slice(1, 5).map(Number);
  return { records, bytes, elapsedMs, recordsPerSec, mbPerSec: Number(last[5]) };
}

export interface Workload {
  topic: string;
  messageSize: number;
  count: number;
}

/** Where the load goes: a broker list, or the mock cluster inside the producer process itself. */
export type Target = { bootstrap: string } | 'in-process-mock';

/** What a produce run may change of the reference workload. */
export interface ProduceOptions {
  /** request.required.acks: 1 (the default) or -1 (all). */
  acks?: 1 | -1;
  /** Brokers of the in-process mock (test.mock.num.brokers), default 1. */
  mockBrokers?: number;
  /** -l -A <file>: each message's delivery latency (produce() call to delivery report), in µs. */
  latencyFile?: string;
  /** -r: at most this many messages a second (default: as fast as it goes). */
  ratePerSec?: number;
}

export interface RunLimits {
  registry: ChildRegistry;
  timeoutMs: number;
}

/** The reference produce workload: acks=1 (or as given), linger.ms=5, no key, no compression, any partition. */
export function produceArgs(w: Workload, target: Target, opts: ProduceOptions = {}): string[] {
  const where = target === 'in-process-mock' ? ['-X', `test.mock.num.brokers=${opts.mockBrokers ?? 1}`] : ['-b', target.bootstrap];
  return [
    '-P', '-t', w.topic, '-s', String(w.messageSize), '-c', String(w.count), '-a', String(opts.acks ?? 1), '-X', 'linger.ms=5',
    ...(opts.latencyFile ? ['-l', '-A', opts.latencyFile] : []),
    ...(opts.ratePerSec ? ['-r', String(opts.ratePerSec)] : []),
    ...where,
  ];
}

/** Reads `count` records from the beginning of partitions 0..partitions-1 (no consumer group). */
export function consumeArgs(w: Workload, partitions: number, bootstrap: string): string[] {
  const partitionArgs = Array.from({ length: partitions }, (_, p) => ['-p', String(p)]).flat();
  return ['-C', '-t', w.topic, ...partitionArgs, '-o', 'beginning', '-c', String(w.count), '-b', bootstrap];
}

export async function runProduce(gen: LoadGenerator, w: Workload, target: Target, limits: RunLimits, opts: ProduceOptions = {}): Promise<Throughput> {
  const result = await runTool(gen, produceArgs(w, target, opts), limits);
  const summary = parseProduceSummary(result.stdout);
  if (!summary) throw new BenchRunError(`produce: no summary line (${describeExit(result)}):\n${result.stderrTail}`);
  if (summary.records !== w.count || summary.failed !== 0 || result.exitCode !== 0) {
    throw new BenchRunError(
      `produce: ${summary.records}/${w.count} delivered, ${summary.failed} failed (${describeExit(result)}):\n${result.stderrTail}`,
    );
  }
  return summary;
}

export async function runConsume(gen: LoadGenerator, w: Workload, partitions: number, bootstrap: string, limits: RunLimits): Promise<Throughput> {
  const result = await runTool(gen, consumeArgs(w, partitions, bootstrap), limits);
  const summary = parseConsumeSummary(result.stdout);
  if (!summary) throw new BenchRunError(`consume: no summary line (${describeExit(result)}):\n${result.stderrTail}`);
  if (summary.records !== w.count || result.exitCode !== 0) {
    throw new BenchRunError(`consume: ${summary.records}/${w.count} records (${describeExit(result)}):\n${result.stderrTail}`);
  }
  return summary;
}

async function runTool(gen: LoadGenerator, args: string[], limits: RunLimits): Promise<ChildResult> {
  // SIGINT first: the tool stops and still prints its summary, which helps to see how far it got.
  const result = await runChild(gen.binary, args, { ...limits, softSignal: 'SIGINT' });
  if (result.timedOut) {
    const progress = result.stdout.split('\n').filter((line) => line.includes(' messages ')).at(-1) ?? 'none';
    throw new BenchRunError(`timed out after ${limits.timeoutMs} ms; last progress: ${progress}`);
  }
  return result;
}

function describeExit(result: ChildResult): string {
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.exitCode}`;
}

export interface MockCluster {
  bootstrap: string;
  stop(): Promise<void>;
}

const MOCK_START_TIMEOUT_MS = 10_000;

/**
 * Starts a mock cluster of `brokers` brokers (default 1) holding `topic` with `partitions`
 * partitions, replicated min(brokers, 3) times.
 */
export async function startMockCluster(
  gen: LoadGenerator,
  opts: { topic: string; partitions: number; retainAll: boolean; registry: ChildRegistry; brokers?: number },
): Promise<MockCluster> {
  const args = [
    ...(opts.retainAll ? ['--retain-all'] : []),
    ...(opts.brokers ? ['--brokers', String(opts.brokers)] : []),
    opts.topic, String(opts.partitions),
  ];
  // Invariant: stdin stays a pipe we hold; closing it (or our death) makes the host exit.
  const child = spawn(gen.mockHost, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  opts.registry.track(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin.end();
    const forced = setTimeout(() => killByPid(child, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };

  const lines = createInterface({ input: child.stdout });
  const timer = setTimeout(() => killByPid(child, 'SIGKILL'), MOCK_START_TIMEOUT_MS);
  try {
    const [first] = (await Promise.race([once(lines, 'line'), once(child, 'exit')])) as [string | number | null];
    if (typeof first !== 'string' || !/^[\w.-]+:\d+(,[\w.-]+:\d+)*$/.test(first)) {
      throw new BenchRunError(`oxbow-mock-cluster did not start: ${stderr.trim() || `exit ${String(first)}`}`);
    }
    return { bootstrap: first, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percentiles of the per-message latencies rdkafka_performance wrote with -A (one µs value a line). */
export async function readLatencies(file: string): Promise<LatencySummary> {
  const values = (await fs.readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new BenchRunError(`${file}: no latencies, or unreadable ones`);
  values.sort((a, b) => a - b);
  // Nearest rank.
  const at = (q: number): number => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)] / 1000;
  return { count: values.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: values[values.length - 1] / 1000 };
}
