// `oxbow serve` as a user starts it, for the UI tests: the built CLI in a child process on free
// ports with its own data directory, stopped by its PID (SIGTERM, then SIGKILL) when the test ends.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');
export const CLI = path.join(root, 'dist/main/host/oxbow-cli.js');

export interface HeadlessHost {
  /** The UI's address, as the CLI printed it. */
  url: string;
  bootstrap: string;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

export interface HeadlessHostOptions {
  /** Added to the child's environment (e.g. OXBOW_LAG_SAMPLE_SECONDS). */
  env?: Record<string, string>;
  /**
   * A data directory the caller owns: kept when the host stops, so a second host started on it
   * finds the first one's cluster and state (a restart). Default: a temporary one, removed on stop.
   */
  dataDir?: string;
}

export async function startHeadlessHost(args: string[] = [], options: HeadlessHostOptions = {}): Promise<HeadlessHost> {
  const served = await startServe(['--ui-port', '0', ...args], options, { url: /UI: (http:\/\/\S+)/, bootstrap: /bootstrap servers: (\S+)/ });
  return { url: served.printed.url, bootstrap: served.printed.bootstrap, dataDir: served.dataDir, output: served.output, stop: served.stop };
}

export interface ServeProcess<K extends string> {
  /** The first capture group of each pattern, as the CLI printed it. */
  printed: Record<K, string>;
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `oxbow serve --port 0 --data-dir … <args>` in a child process, resolved once its output matched
 * every pattern; stopped (and its temporary data dir removed) by `stop()`, or at once on failure.
 */
export async function startServe<K extends string>(
  args: string[],
  options: HeadlessHostOptions,
  patterns: Record<K, RegExp>,
): Promise<ServeProcess<K>> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-e2e-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const stop = () => stopChild(child).finally(() => {
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    const printed = await new Promise<Record<K, string>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`oxbow serve did not print what was expected within 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk;
        const found = Object.entries<RegExp>(patterns).map(([key, pattern]) => [key, pattern.exec(output)?.[1]] as const);
        if (found.every(([, value]) => value !== undefined)) {
          clearTimeout(timer);
          resolve(Object.fromEntries(found) as Record<K, string>);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`oxbow serve exited with ${code}:\n${output}`));
      });
    });
    return { printed, dataDir, output: () => output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
