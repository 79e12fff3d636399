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
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-e2e-'));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--ui-port', '0', '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const stop = () => stopChild(child).finally(() => {
    if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  try {
    const { url, bootstrap } = await new Promise<{ url: string; bootstrap: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`oxbow serve did not print its UI address within 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk;
        const url = /UI: (http:\/\/\S+)/.exec(output)?.[1];
        const bootstrap = /bootstrap servers: (\S+)/.exec(output)?.[1];
        if (url && bootstrap) {
          clearTimeout(timer);
          resolve({ url, bootstrap });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`oxbow serve exited with ${code}:\n${output}`));
      });
    });
    return { url, bootstrap, dataDir, output: () => output, stop };
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
