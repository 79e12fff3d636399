// Child processes for the benchmarks: every one is started with spawn, tracked, bounded by a time
// limit, and stopped by its own PID (never by name) on timeout, on error and when the run ends.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

/** Keeps the bench's live children so that one call stops them all, whatever went wrong. */
export class ChildRegistry {
  private readonly live = new Set<ChildProcess>();

  track(child: ChildProcess): void {
    this.live.add(child);
    child.once('exit', () => this.live.delete(child));
  }

  /** Synchronous on purpose: it also runs from process 'exit' handlers. */
  killAll(): void {
    for (const child of this.live) killByPid(child, 'SIGKILL');
    this.live.clear();
  }
}

export function killByPid(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // NB: ESRCH: it exited between the check and the kill.
  }
}

export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** The last lines only: librdkafka's warnings are chatty and a failure's cause is at the end. */
  stderrTail: string;
  timedOut: boolean;
  elapsedMs: number;
}

export interface RunChildOptions {
  registry: ChildRegistry;
  timeoutMs: number;
  /** Sent first on timeout so that the child can print what it has; SIGKILL follows after a grace. */
  softSignal?: NodeJS.Signals;
  env?: NodeJS.ProcessEnv;
}

const STDERR_TAIL_LINES = 30;
const KILL_GRACE_MS = 5_000;

/** Runs a command to completion, or until its time limit. Never rejects on a non-zero exit. */
export function runChild(command: string, args: readonly string[], opts: RunChildOptions): Promise<ChildResult> {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env });
  opts.registry.track(child);

  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    // Invariant: stderr stays bounded however long the child runs.
    if (stderr.length > 64_000) stderr = stderr.slice(-32_000);
  });

  return new Promise((resolve, reject) => {
    let timedOut = false;
    let hardKill: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => {
      timedOut = true;
      killByPid(child, opts.softSignal ?? 'SIGKILL');
      hardKill = setTimeout(() => killByPid(child, 'SIGKILL'), KILL_GRACE_MS);
    }, opts.timeoutMs);

    child.once('error', (err) => {
      clearTimeout(limit);
      clearTimeout(hardKill);
      reject(err);
    });
    child.once('close', (exitCode, signal) => {
      clearTimeout(limit);
      clearTimeout(hardKill);
      resolve({
        exitCode,
        signal,
        stdout,
        stderrTail: stderr.split('\n').slice(-STDERR_TAIL_LINES).join('\n'),
        timedOut,
        elapsedMs: performance.now() - started,
      });
    });
  });
}
