// oxbow-cluster-host: an Oxbow worker cluster started from the built engine (dist/, what the app
// ships) in a plain Node process of its own, for the cluster benchmark: the same process model as
// the app, no TypeScript loader in any thread, and nothing of the benchmark's own work (clients,
// timers) on the supervisor's main thread.
//
// Plain JavaScript on purpose: Node runs it as it is, and the workers it spawns inherit no loader.
//
// Usage: node bench/tools/oxbow-cluster-host.mjs [--brokers N] [--config name=value]...
// stdout, one JSON object a line:
//   {"event":"started", "bootstrap", "importMs", "resolvedMs", "metadataMs"}
//       importMs:   importing the engine (dist/broker-runtime/index.js);
//       resolvedMs: startCluster() called to resolved;
//       metadataMs: startCluster() called to a Metadata answer (from broker 0) listing every broker.
//   {"event":"rss", "rssBytes", "heapUsedBytes", "settleMs"}: answers a line "rss" on stdin, once the
//       process's resident set stopped moving (see settledMemory).
//   {"event":"cpu", "userUs", "systemUs"}: answers a line "cpu": the CPU time of the whole process
//       (every worker thread) so far, process.cpuUsage(), in user and kernel mode.
//   {"event":"replicated", "topic", "waitedMs"}: answers a line "replicated <topic>" once every
//       broker holds every partition of the topic (the bench replicates to all) at one log end offset
//       (60 s at most).
// stdin end (the parent closed it or died): the cluster is closed and the process exits.
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const dist = new URL('../../dist/broker-runtime/', import.meta.url);
const { values } = parseArgs({
  options: { brokers: { type: 'string', default: '3' }, config: { type: 'string', multiple: true, default: [] } },
});
const brokers = Number(values.brokers);
/** @type {Record<string, string>} */
const brokerConfig = Object.fromEntries(values.config.map((entry) => {
  const eq = entry.indexOf('=');
  return [entry.slice(0, eq), entry.slice(eq + 1)];
}));

const importStarted = performance.now();
const { startCluster } = await import(new URL('index.js', dist).href);
const { BrokerConnection } = await import(new URL('replication/broker-connection.js', dist).href);
const { Metadata } = await import(new URL('protocol/generated/metadata.js', dist).href);
const importMs = performance.now() - importStarted;

const METADATA_DEADLINE_MS = 30_000;

/** Brokers listed by a Metadata v9 answer (no topics asked) from `address`, or -1 if it failed. */
async function brokersListedBy(address) {
  const [host, port] = address.split(':');
  let connection;
  try {
    connection = await BrokerConnection.connect(host, Number(port), 'oxbow-cluster-host', 1000);
    const response = await connection.send(Metadata, 9, { topics: [], allowAutoTopicCreation: false });
    return response.brokers.length;
  } catch {
    return -1;
  } finally {
    connection?.close();
  }
}

/**
 * RSS once it stopped moving: sampled every 250 ms until the last 8 samples (2 s) lie within 1% of
 * each other, or 20 s passed (then the last sample).
 */
async function settledMemory() {
  const started = performance.now();
  const samples = [];
  for (;;) {
    samples.push(process.memoryUsage().rss);
    const recent = samples.slice(-8);
    const spread = (Math.max(...recent) - Math.min(...recent)) / Math.max(...recent);
    if ((recent.length === 8 && spread < 0.01) || performance.now() - started > 20_000) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rssBytes: rss, heapUsedBytes: heapUsed, settleMs: Math.round(performance.now() - started) };
}

/** Waits until the followers of `topic` hold everything its leaders have (after an acks=1 run). */
async function replicated(topic) {
  const started = performance.now();
  for (;;) {
    const ends = new Map();
    for (const broker of await cluster.stats()) {
      for (const log of broker.logs) {
        if (log.topic === topic) ends.set(log.partition, [...(ends.get(log.partition) ?? []), log.logEndOffset]);
      }
    }
    const settled = [...ends.values()].every((e) => e.length === brokers && e.every((end) => end === e[0]));
    if ((ends.size > 0 && settled) || performance.now() - started > 60_000) return Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const started = performance.now();
const cluster = await startCluster({ brokers, brokerConfig });
const resolvedMs = performance.now() - started;
const first = cluster.bootstrap.split(',')[0];
while ((await brokersListedBy(first)) < brokers) {
  if (performance.now() - started > METADATA_DEADLINE_MS) {
    console.error(`no Metadata answer listing ${brokers} brokers within ${METADATA_DEADLINE_MS} ms`);
    await cluster.close();
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
const metadataMs = performance.now() - started;
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
emit({ event: 'started', bootstrap: cluster.bootstrap, importMs, resolvedMs, metadataMs });

// Invariant: the host never outlives its parent, which holds the other end of stdin.
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'rss') void settledMemory().then((memory) => emit({ event: 'rss', ...memory }));
  const [command, topic] = line.trim().split(/\s+/);
  if (command === 'replicated' && topic) void replicated(topic).then((waitedMs) => emit({ event: 'replicated', topic, waitedMs }));
  if (line.trim() === 'cpu') {
    const { user, system } = process.cpuUsage();
    emit({ event: 'cpu', userUs: user, systemUs: system });
  }
});
await once(input, 'close');
await cluster.close();
process.exit(0);
