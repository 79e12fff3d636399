// `oxbow serve` as a user runs it: the built `oxbow` entry (package.json "bin") starts the cluster
// and its web UI, Ctrl-C/SIGTERM stops it gracefully with exit code 0, and topics, configs and data
// are there after a restart.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const cli = path.join(root, 'dist/main/host/oxbow-cli.js');
const children = new Set<ChildProcess>();
const dirs: string[] = [];

afterEach(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

interface Served {
  child: ChildProcess;
  bootstrap: string;
  output: () => string;
}

/** Starts `oxbow serve` and resolves once it printed its bootstrap servers. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oxbow serve did not start:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d;
      const match = /bootstrap servers: (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, bootstrap: match[1], output: () => output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`oxbow serve exited with ${code}:\n${output}`)));
  });
}

/** Waits until the output matches `pattern`; answers its first group. */
async function waitFor(served: Served, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = pattern.exec(served.output());
    if (match) return match[1];
    if (Date.now() > deadline || served.child.exitCode !== null) throw new Error(`no ${pattern} in:\n${served.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stop(served: Served, signal: NodeJS.Signals): Promise<number | null> {
  return new Promise((resolve) => {
    served.child.once('exit', (code) => resolve(code));
    served.child.kill(signal);
  });
}

describe('oxbow serve', () => {
  it('prints help', async () => {
    const child = spawn(process.execPath, [cli, 'serve', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    for (const flag of ['--brokers', '--port', '--data-dir', '--ui-port', '--no-ui']) expect(out).toContain(flag);
    // Commander wraps help to the terminal's width: no line breaks assumed.
    expect(out).toMatch(/--brokers <n>[^-]*\(default: 3\)/);
    expect(out).toMatch(/--ui-port <port>[^-]*\(default: 8080\)/);
  });

  it('is the package\'s `oxbow` command', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(path.join(root, pkg.bin.oxbow)).toBe(cli);
  });

  it('serves three brokers and the web UI with its API, and stops both on SIGTERM', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-serve-'));
    dirs.push(dataDir);
    const served = await serve(['--port', '0', '--ui-port', '0', '--data-dir', dataDir]);
    const url = await waitFor(served, /UI: (http:\/\/127\.0\.0\.1:\d+\/)/);
    const page = await fetch(url);
    // The renderer is built by `npm run build`; without it the host says so instead.
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const res = await fetch(new URL('api/listBrokers', url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const answer = (await res.json()) as { ok: boolean; result: { id: number; state: string }[] };
    expect(answer.ok).toBe(true);
    expect(answer.result.map((b) => [b.id, b.state])).toEqual([[0, 'running'], [1, 'running'], [2, 'running']]);
    expect(served.bootstrap.split(',')).toHaveLength(3);
    expect(await stop(served, 'SIGTERM')).toBe(0);
    expect(served.output()).toContain('Stopped.');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('says so and exits 1 when the UI port is taken, leaving nothing running', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as net.AddressInfo;
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-serve-'));
      dirs.push(dataDir);
      const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--ui-port', String(port), '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.add(child);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d));
      const code = await new Promise((resolve) => child.on('exit', resolve));
      expect(code).toBe(1);
      expect(err).toContain(`port ${port} for the web UI is in use`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('keeps topics, configs and data across a graceful restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-serve-'));
    dirs.push(dataDir);
    const first = await serve(['--port', '0', '--data-dir', dataDir, '--no-ui']);
    let kafka = new Kafka({ brokers: first.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const setup = kafka.admin();
    await setup.connect();
    await setup.createTopics({ topics: [{ topic: 'kept', numPartitions: 2, configEntries: [{ name: 'retention.ms', value: '123456789' }] }] });
    await setup.disconnect();
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    await producer.send({ topic: 'kept', messages: Array.from({ length: 10 }, (_, i) => ({ partition: 0, key: `k${i}`, value: `v${i}` })) });
    await producer.disconnect();
    expect(await stop(first, 'SIGTERM')).toBe(0);
    expect(first.output()).toContain('Stopped.');
    expect(first.output()).not.toContain('UI:');

    const second = await serve(['--port', '0', '--data-dir', dataDir, '--no-ui']);
    kafka = new Kafka({ brokers: second.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain('kept');
    const offsets = await admin.fetchTopicOffsets('kept');
    expect(offsets.sort((a, b) => a.partition - b.partition)).toEqual([
      expect.objectContaining({ partition: 0, low: '0', high: '10' }),
      expect.objectContaining({ partition: 1, low: '0', high: '0' }),
    ]);
    const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: 'kept', configNames: ['retention.ms'] }] });
    expect(described.resources[0].configEntries).toEqual([expect.objectContaining({ configName: 'retention.ms', configValue: '123456789' })]);
    await admin.disconnect();
    expect(await stop(second, 'SIGINT')).toBe(0);
  });

  it('keeps every acknowledged record when the process is killed (SIGKILL)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-serve-'));
    dirs.push(dataDir);
    const first = await serve(['--port', '0', '--data-dir', dataDir, '--no-ui']);
    let kafka = new Kafka({ brokers: first.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: true });
    await producer.connect();
    for (let i = 0; i < 5; i++) {
      await producer.send({ topic: 'crash', acks: -1, messages: Array.from({ length: 20 }, (_, j) => ({ value: `m${i * 20 + j}` })) });
    }
    await producer.disconnect();
    expect(await stop(first, 'SIGKILL')).toBe(null);

    const second = await serve(['--port', '0', '--data-dir', dataDir, '--no-ui']);
    kafka = new Kafka({ brokers: second.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchTopicOffsets('crash')).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '100' })]);
    await admin.disconnect();
    expect(await stop(second, 'SIGTERM')).toBe(0);
  });
});
