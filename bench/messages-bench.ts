// The message browser's first page: time from "show me this partition" to the first page of
// records, on a 1,000,000-record partition, at the newest records, the oldest and an offset in
// the middle. Target: under 300 ms each.
//
// What is timed, per run: seekMessages (ListOffsets) then readMessages of one 200-record page,
// through the message methods the host mixes in (main/host/messages), so through
// @platformatic/kafka over TCP to the broker worker, as the app does. The cluster is
// startCluster({ brokers: 1 }) from dist/ (what the app ships), in this process: in the app, too,
// the cluster supervisor shares the main process with the host and the brokers run in workers.
// The partition is filled by a platformatic producer in batches of 1,000 small JSON records
// (about 90 KB, a producer with a large batch.size and linger), several batches in flight.
// Each scenario gets one unmeasured run first (connections, metadata, code V8 has not compiled);
// then RUNS measured runs, reported as median and p95. A filtered page (a value filter that
// matches nothing, so each call scans its budget of records) is timed too, for reference.
//
// Needs the build (`npx tsc -p tsconfig.build.json` refreshes dist/ without wiping it).
// Run: npx tsx bench/messages-bench.ts [--quick]   or   npm run bench -- --only messages
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Admin, Producer } from '@platformatic/kafka';
import type { ClusterHandle, ClusterOptions } from '../broker-runtime/index.js';
import type { ApiArgs, MessageStart } from '../main/contract/index.js';
import type { HostContext } from '../main/host/host-context.js';
import { createMessageMethods } from '../main/host/messages/index.js';
import { PushHub } from '../main/host/push-hub.js';

const DIST_ENTRY = fileURLToPath(new URL('../dist/broker-runtime/index.js', import.meta.url));
const SOURCE_DIR = fileURLToPath(new URL('../broker-runtime/', import.meta.url));
const TOPIC = 'browse';
const PAGE = 200;
const BATCH = 1_000;
const IN_FLIGHT = 4;
const TARGET_MS = 300;

export interface MessagesBenchOptions {
  quick?: boolean;
}

interface Timing {
  seekMs: number;
  readMs: number;
  totalMs: number;
  records: number;
  scanned: number;
}

export async function runMessagesBench(options: MessagesBenchOptions = {}): Promise<void> {
  const records = options.quick ? 200_000 : 1_000_000;
  const runs = options.quick ? 5 : 15;
  const { startCluster } = await importDist();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-messages-bench-'));
  const cluster = await startCluster({ brokers: 1, dataDir });
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-messages-bench-host-'));
  const methods = createMessageMethods(benchContext(cluster, hostDir));
  try {
    const fill = await fillPartition(cluster.bootstrap, records);
    console.log(`partition ${TOPIC}-0: ${records.toLocaleString('en')} records of ~${fill.recordBytes} B JSON, `
      + `written in ${(fill.ms / 1000).toFixed(1)} s (${Math.round(records / (fill.ms / 1000)).toLocaleString('en')} records/s)`);
    console.log(`first page = seekMessages + readMessages(limit ${PAGE}); 1 warm-up + ${runs} runs each; target < ${TARGET_MS} ms\n`);
    const scenarios: { name: string; start: MessageStart; filter?: ApiArgs<'readMessages'>['filter'] }[] = [
      { name: 'newest', start: { kind: 'newest' } },
      { name: 'oldest', start: { kind: 'oldest' } },
      { name: 'middle offset', start: { kind: 'offset', offset: Math.floor(records / 2) } },
      { name: 'oldest, filtered (no match)', start: { kind: 'oldest' }, filter: { valueContains: 'matches-nothing' } },
    ];
    const rows = [['scenario', 'median ms', 'p95 ms', 'seek median', 'read median', 'records', 'scanned', 'target']];
    for (const scenario of scenarios) {
      const once = async (): Promise<Timing> => {
        const t0 = performance.now();
        const from = await methods.seekMessages({ topic: TOPIC, start: scenario.start, count: PAGE });
        const t1 = performance.now();
        const page = await methods.readMessages({ topic: TOPIC, from, limit: PAGE, ...(scenario.filter ? { filter: scenario.filter } : {}) });
        const t2 = performance.now();
        return { seekMs: t1 - t0, readMs: t2 - t1, totalMs: t2 - t0, records: page.records.length, scanned: page.scanned };
      };
      await once();
      const timings: Timing[] = [];
      for (let i = 0; i < runs; i++) timings.push(await once());
      const total = timings.map((t) => t.totalMs);
      const filtered = scenario.filter !== undefined;
      rows.push([
        scenario.name, fmt(median(total)), fmt(percentile(total, 95)), fmt(median(timings.map((t) => t.seekMs))), fmt(median(timings.map((t) => t.readMs))),
        String(timings[0].records), String(timings[0].scanned), filtered ? '(reference)' : percentile(total, 95) < TARGET_MS ? 'met' : 'MISSED',
      ]);
    }
    printTable(rows);
  } finally {
    await methods.close();
    await cluster.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(hostDir, { recursive: true, force: true });
  }
}

async function importDist(): Promise<{ startCluster: (options?: ClusterOptions) => Promise<ClusterHandle> }> {
  const built = fs.statSync(DIST_ENTRY, { throwIfNoEntry: false });
  if (!built) throw new Error(`${DIST_ENTRY} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const newest = Math.max(...fs.readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts')).map((f) => fs.statSync(path.join(SOURCE_DIR, f)).mtimeMs));
  if (newest > built.mtimeMs) console.log('note: broker-runtime/ has sources newer than dist/: the figures are of the last build\n');
  return import(pathToFileURL(DIST_ENTRY).href) as Promise<{ startCluster: (options?: ClusterOptions) => Promise<ClusterHandle> }>;
}

function benchContext(cluster: ClusterHandle, stateDir: string): HostContext {
  const unused = (): never => {
    throw new Error('the message methods do not use the kafkajs admin');
  };
  return {
    bootstrap: () => cluster.bootstrap,
    kafka: () => ({ connectionId: 'embedded', brokers: cluster.bootstrap.split(','), sasl: null, tls: null }),
    admin: unused,
    embedded: () => null,
    hub: new PushHub(),
    stateDir,
    clock: Date.now,
    log: (message, err) => console.error(`messages bench: ${message}:`, err),
  };
}

/** Creates the topic (1 partition) and writes `count` JSON records to it, BATCH per produce, IN_FLIGHT at once. */
async function fillPartition(bootstrap: string, count: number): Promise<{ ms: number; recordBytes: number }> {
  const producer = new Producer({ clientId: 'messages-bench', bootstrapBrokers: bootstrap.split(','), acks: 1, autocreateTopics: false });
  const admin = new Admin({ clientId: 'messages-bench', bootstrapBrokers: bootstrap.split(',') });
  try {
    await admin.createTopics({ topics: [TOPIC], partitions: 1, replicas: 1 });
    const users = ['alice', 'bob', 'carol', 'dave', 'erin'];
    const value = (i: number) => Buffer.from(JSON.stringify({ id: i, user: users[i % users.length], event: i % 7 === 0 ? 'purchase' : 'click', amount: (i % 1000) / 10, page: `/p/${i % 97}` }));
    const start = performance.now();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const first = next;
        next = Math.min(count, next + BATCH);
        const messages = [];
        for (let i = first; i < next; i++) messages.push({ topic: TOPIC, partition: 0, key: Buffer.from(`k${i % 1000}`), value: value(i) });
        await producer.send({ messages });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    return { ms: performance.now() - start, recordBytes: value(count / 2).length };
  } finally {
    await producer.close();
    await admin.close();
  }
}

function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function fmt(ms: number): string {
  return ms.toFixed(1);
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runMessagesBench({ quick: process.argv.includes('--quick') });
}
