// kafkajs's idempotent producer, its connections cut by a proxy at chosen points of the exchange:
// every message must be stored exactly once, in order.
//
// Routing: the broker advertises its own address in Metadata, so a proxy given only as the
// bootstrap would be bypassed after the first request. kafkajs's socketFactory sends every
// connection (bootstrap and advertised) to the proxy instead; the broker needs no option for it.
import { describe, expect, it } from 'vitest';
import { compatHarness } from './helpers/harness.js';
import { kafkajsClient } from './helpers/kafkajs.js';
import { kcatConsume } from './helpers/kcat.js';
import { seededRandom } from './helpers/records.js';
import { readStoredBatches } from './helpers/segments.js';
import { type CutDecision, type CutPolicy, TcpProxy } from './helpers/tcp-proxy.js';

const harness = compatHarness();
const PRODUCE = 0;

async function proxiedCluster(policy: CutPolicy) {
  const cluster = await harness.startCluster();
  const broker = cluster.brokers[0];
  const proxy = await TcpProxy.start({ host: broker.host, port: broker.port }, policy);
  harness.onTeardown(() => proxy.close());
  return { cluster, proxy };
}

/** Sends `count` numbered messages, `perSend` per send() call, awaiting each before the next. */
async function sendNumbered(
  proxy: TcpProxy,
  topic: string,
  options: { count: number; perSend: number; idempotent: boolean },
): Promise<void> {
  const client = kafkajsClient(`${proxy.host}:${proxy.port}`, {
    connectVia: { host: proxy.host, port: proxy.port },
    config: { retry: { initialRetryTime: 20, maxRetryTime: 200, retries: 20 } },
  });
  const producer = client.producer({ idempotent: options.idempotent, maxInFlightRequests: 1 });
  harness.onTeardown(() => producer.disconnect());
  await producer.connect();
  for (let first = 0; first < options.count; first += options.perSend) {
    const numbers = Array.from({ length: Math.min(options.perSend, options.count - first) }, (_, i) => first + i);
    await producer.send({ topic, acks: -1, messages: numbers.map((n) => ({ partition: 0, key: `n-${n}`, value: String(n) })) });
  }
}

function randomCuts(seed: number, rates: Partial<Record<CutDecision, number>>): CutPolicy {
  const random = seededRandom(seed);
  return ({ apiKey }) => {
    if (apiKey !== PRODUCE) return 'pass';
    let r = random();
    for (const [decision, rate] of Object.entries(rates) as [CutDecision, number][]) {
      if (r < rate) return decision;
      r -= rate;
    }
    return 'pass';
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe('kafkajs idempotent producer through a connection-cutting proxy', () => {
  it.each([
    { perSend: 1, count: 150 },
    { perSend: 10, count: 400 },
  ])('stores every message exactly once and in order ($perSend per send, $count messages)', async ({ perSend, count }) => {
    const policy = randomCuts(perSend, { 'lose-response': 0.15, 'tear-request': 0.05, 'drop-request': 0.05 });
    const { cluster, proxy } = await proxiedCluster(policy);
    const topic = `idempotent-${perSend}`;
    await sendNumbered(proxy, topic, { count, perSend, idempotent: true });

    // The cuts that matter happened: the broker appended batches whose acknowledgements were lost.
    expect(proxy.stats.cuts['lose-response']).toBeGreaterThan(2);
    expect(proxy.stats.cuts['tear-request']).toBeGreaterThan(0);

    const records = await kcatConsume({ bootstrap: cluster.bootstrap, topic });
    expect(records.map((r) => r.value?.toString())).toEqual(range(count));
    expect(records.map((r) => r.offset)).toEqual(range(count).map(Number));

    // One producer id; sequence numbers run on without gaps or repeats across the stored batches.
    const batches = readStoredBatches(cluster.dataDir, 0, topic);
    expect(new Set(batches.map((b) => b.header.producerId)).size).toBe(1);
    expect(batches[0].header.producerId).toBeGreaterThanOrEqual(0);
    let next = 0;
    for (const b of batches) {
      expect(b.header.baseSequence).toBe(next);
      next += b.header.recordCount;
    }
  });

  it('control: without idempotence each lost acknowledgement stores its batch twice', async () => {
    // Proves the proxy cuts after the broker appended: the retry of a plain producer duplicates.
    const { cluster, proxy } = await proxiedCluster(({ apiKey, index }) => (apiKey === PRODUCE && index % 5 === 2 ? 'lose-response' : 'pass'));
    const topic = 'not-idempotent';
    await sendNumbered(proxy, topic, { count: 30, perSend: 1, idempotent: false });

    const values = (await kcatConsume({ bootstrap: cluster.bootstrap, topic })).map((r) => Number(r.value?.toString()));
    const lost = proxy.stats.cuts['lose-response'];
    expect(lost).toBeGreaterThan(0);
    expect(values.length).toBe(30 + lost);
    expect([...new Set(values)].sort((a, b) => a - b)).toEqual(range(30).map(Number));
  });
});
