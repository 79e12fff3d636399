// The worker cluster as the app ships it: the supervisor imported from dist/ (built JS) loads its
// workers' .js entries directly, with no TypeScript loader anywhere. Run in a child Node process so
// nothing of vitest's module transform is involved, and so the test sees that after close() the
// process exits by itself (no worker, port or timer keeps it alive).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../../helpers/node-script.js';

const root = path.resolve(import.meta.dirname, '../../..');
const entry = path.join(root, 'dist/broker-runtime/index.js');

describe('startCluster from dist/', () => {
  it('runs broker and coordinator workers from the built JS, survives a kill and a restart, and lets the process exit after close', async () => {
    expect(fs.existsSync(entry), 'run `npm run build` first').toBe(true);
    const script = `
      import { startCluster } from ${JSON.stringify(entry)};
      import { Kafka, logLevel } from 'kafkajs';
      const started = Date.now();
      const cluster = await startCluster({ brokers: 2, sessionTimeoutMs: 600 });
      const startMs = Date.now() - started;
      const kafka = new Kafka({ brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { initialRetryTime: 50, retries: 30 } });
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: 't', numPartitions: 2 }], waitForLeaders: true });
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: 't', messages: [{ partition: 0, value: 'a' }, { partition: 1, value: 'b' }] });
      await producer.disconnect();
      const fenced = new Promise((resolve) => cluster.on('event', (e) => e.type === 'brokerFenced' && e.brokerId === 1 && resolve(e)));
      await cluster.killBroker(1);
      await fenced;
      await cluster.startBroker(1);
      const unfenced = cluster.events().some((e) => e.type === 'brokerUnfenced' && e.brokerId === 1);
      const offsets = await admin.fetchTopicOffsets('t');
      await admin.disconnect();
      await cluster.close();
      console.log(JSON.stringify({ startMs, unfenced, high: offsets.map((o) => o.high).sort(), status: cluster.brokerStatus().map((b) => b.state) }));
    `;
    const result = await runNodeScript(script, 30_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout.trim()) as { startMs: number; unfenced: boolean; high: string[]; status: string[] };
    expect(out).toMatchObject({ unfenced: true, high: ['1', '1'], status: ['stopped', 'stopped'] });
    expect(out.startMs).toBeLessThan(5000);
  });
});
