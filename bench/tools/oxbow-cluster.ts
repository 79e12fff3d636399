// An Oxbow worker cluster for the benchmarks, as the app ships it: started from dist/ by
// oxbow-cluster-host.mjs in a plain Node process of its own (no TypeScript loader in any thread,
// nothing of the benchmark's own work on the supervisor's main thread), stopped by closing its stdin.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type ChildRegistry, killByPid } from './child-processes.js';
import { BenchRunError } from './rdkafka-performance.js';

const HOST_SCRIPT = fileURLToPath(new URL('./oxbow-cluster-host.mjs', import.meta.url));
const DIST_ENTRY = fileURLToPath(new URL('../../dist/broker-runtime/index.js', import.meta.url));
const SOURCE_DIR = fileURLToPath(new URL('../../broker-runtime/', import.meta.url));

/** dist/ must exist and be newer than every engine source, or the figures are of another engine. */
export async function checkBuild(): Promise<void> {
  const built = await fs.stat(DIST_ENTRY).catch(() => null);
  if (!built) throw new BenchRunError(`${DIST_ENTRY} is missing: run \`npm run build\` first`);
  const sources = (await fs.readdir(SOURCE_DIR, { recursive: true })).filter((f) => f.endsWith('.ts'));
  const newest = Math.max(...(await Promise.all(sources.map(async (f) => (await fs.stat(path.join(SOURCE_DIR, f))).mtimeMs))));
  if (newest > built.mtimeMs) console.log('note: broker-runtime/ has sources newer than dist/: `npm run build` to measure them\n');
}

export interface CpuSeconds {
  user: number;
  system: number;
}

export interface OxbowHost {
  bootstrap: string;
  started: { importMs: number; resolvedMs: number; metadataMs: number };
  /** The process's RSS once the idle cluster's memory settled. */
  rss(): Promise<{ rssBytes: number; heapUsedBytes: number; settleMs: number }>;
  /** CPU seconds the whole process (all its threads) used so far, in user and kernel mode. */
  cpu(): Promise<CpuSeconds>;
  /** Resolves once every replica of `topic` has its leader's log end (the followers caught up). */
  replicated(topic: string): Promise<void>;
  stop(): Promise<void>;
}

const HOST_START_TIMEOUT_MS = 60_000;

/** Starts tools/oxbow-cluster-host.mjs with plain node (no loader) and waits for its cluster. */
export async function startOxbowHost(registry: ChildRegistry, brokers: number): Promise<OxbowHost> {
  const args = [HOST_SCRIPT, '--brokers', String(brokers)];
  // Invariant: stdin stays a pipe we hold; closing it (or our death) stops the host.
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } });
  registry.track(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const events: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      stderr += `\n(stdout) ${line}`;
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = once(child, 'exit');
  const next = async (type: string, timeoutMs: number): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.findIndex((e) => e.event === type);
      if (found >= 0) return events.splice(found, 1)[0];
      if (child.exitCode !== null || child.signalCode !== null) throw new BenchRunError(`oxbow-cluster-host exited: ${stderr.trim()}`);
      if (Date.now() > deadline) throw new BenchRunError(`oxbow-cluster-host: no ${type} within ${timeoutMs} ms: ${stderr.trim()}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), exited, new Promise((r) => setTimeout(r, 1000))]);
    }
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin.end();
    const forced = setTimeout(() => killByPid(child, 'SIGKILL'), 20_000);
    await exited;
    clearTimeout(forced);
  };
  try {
    const started = await next('started', HOST_START_TIMEOUT_MS);
    return {
      bootstrap: String(started.bootstrap),
      started: { importMs: Number(started.importMs), resolvedMs: Number(started.resolvedMs), metadataMs: Number(started.metadataMs) },
      rss: async () => {
        child.stdin.write('rss\n');
        const answer = await next('rss', 30_000);
        return { rssBytes: Number(answer.rssBytes), heapUsedBytes: Number(answer.heapUsedBytes), settleMs: Number(answer.settleMs) };
      },
      replicated: async (topic) => {
        child.stdin.write(`replicated ${topic}\n`);
        await next('replicated', 90_000);
      },
      cpu: async () => {
        child.stdin.write('cpu\n');
        const answer = await next('cpu', 30_000);
        return { user: Number(answer.userUs) / 1e6, system: Number(answer.systemUs) / 1e6 };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

