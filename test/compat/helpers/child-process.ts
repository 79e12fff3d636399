// Runs a real client as a child process with a hard deadline, collecting its output.
// Invariant: every child started here is killed by its PID, never by name: on its deadline, and in
// each test's teardown (killStartedProcesses) if it is still alive.
import { spawn, type ChildProcess } from 'node:child_process';

export interface RunOptions {
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: Buffer | string;
  /** The child is killed (SIGKILL, by PID) when this runs out. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
  timedOut: boolean;
  elapsedMs: number;
}

const live = new Set<ChildProcess>();

function killByPid(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, 'SIGKILL');
  } catch {
    // Already gone: exited between the check and the kill.
  }
}

/** Runs `command args` to completion or to its deadline. Never rejects for a non-zero exit. */
export function runProcess(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
  // A child that exits before reading all its input closes the pipe under us: not our failure.
  child.stdin!.on('error', () => {});
  child.stdin!.end(options.input ?? '');
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killByPid(child);
  }, options.timeoutMs);
  return new Promise((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      live.delete(child);
      reject(new Error(`cannot start ${command}: ${err.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({
        code, signal, timedOut,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr).toString('utf8'),
        elapsedMs: Date.now() - started,
      });
    });
  });
}

/** Like runProcess, but throws with the child's stderr unless it exited with status 0. */
export async function runChecked(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs} ms` : `exited with ${result.code ?? result.signal}`;
    throw new Error(`${command} ${args.join(' ')} ${why}\n--- stderr ---\n${result.stderr.slice(-4000)}`);
  }
  return result;
}

/** Teardown: kills, by PID, every child of this module still running. */
export function killStartedProcesses(): void {
  for (const child of live) killByPid(child);
  live.clear();
}

/**
 * Starts `command args` with piped stdio and leaves its input open, for a client that runs while
 * the test works on the cluster. Killed by PID at teardown like every other child of this module;
 * the caller reads its output and closes its input.
 */
export function spawnTracked(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): ChildProcess {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  child.once('close', () => live.delete(child));
  // A child that exits before reading all its input closes the pipe under us: not our failure.
  child.stdin!.on('error', () => {});
  return child;
}
