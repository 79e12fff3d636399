// The library face: `import { startCluster } from 'oxbow'` resolves to the built package entry
// (package.json "exports"), and a Kafka client can use the cluster it starts.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../helpers/node-script.js';

const root = path.resolve(import.meta.dirname, '../..');

describe("import { startCluster } from 'oxbow'", () => {
  it('starts a cluster that kafkajs produces to and reads offsets from, then closes it', async () => {
    expect(fs.existsSync(path.join(root, 'dist/broker-runtime/index.js')), 'run `npm run build` first').toBe(true);
    const script = `
      import { startCluster } from 'oxbow';
      import { Kafka, logLevel } from 'kafkajs';
      const cluster = await startCluster();
      const kafka = new Kafka({ brokers: [cluster.bootstrap], logLevel: logLevel.NOTHING });
      const producer = kafka.producer({ allowAutoTopicCreation: true });
      await producer.connect();
      await producer.send({ topic: 'library-test', messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
      await producer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      const offsets = await admin.fetchTopicOffsets('library-test');
      await admin.disconnect();
      await cluster.close();
      console.log(JSON.stringify({ bootstrap: cluster.bootstrap, offsets, dataDirGone: !(await import('node:fs')).existsSync(cluster.dataDir) }));
    `;
    const result = await runNodeScript(script, 30_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout.trim()) as { bootstrap: string; offsets: { high: string; low: string }[]; dataDirGone: boolean };
    expect(out.bootstrap).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(out.offsets).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '3' })]);
    expect(out.dataDirGone).toBe(true);
  });
});
