// Starts a worker thread on one of the entry files beside this one, from built JS or from the
// TypeScript sources, whichever this module itself is running as.
//
// - Built (`dist/broker-runtime/cluster/*.js`, what the app ships): the `.js` entry is loaded
//   directly.
// - TypeScript (vitest, tsx): Node 20 does not load a `.ts` worker even with `--import tsx`, and
//   vitest does not transform worker files. The worker instead runs a tiny eval'd script that
//   registers tsx's loader (`register()` from `tsx/esm/api`) and then imports the `.ts` entry, whose
//   `.js` import suffixes tsx resolves to the sources.
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { sizeWorkerHeaps } from './worker-heap.js';

export type WorkerEntry = 'broker-worker' | 'coordinator-worker';

/** True when this module was loaded from its TypeScript source rather than from dist/. */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith('.ts');

export function spawnWorker(entry: WorkerEntry, data: Pick<WorkerOptions, 'workerData' | 'transferList'>): Worker {
  sizeWorkerHeaps();
  const options: WorkerOptions = { ...data, execArgv: workerExecArgv(process.execArgv) };
  if (!RUNNING_FROM_SOURCE) return new Worker(new URL(`./${entry}.js`, import.meta.url), options);
  const loader = import.meta.resolve('tsx/esm/api');
  const source = new URL(`./${entry}.ts`, import.meta.url).href;
  // A failure to load is rethrown outside the promise chain so it reaches the Worker's 'error' event.
  const bootstrap = `import(${JSON.stringify(loader)})
    .then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); })
    .catch((err) => setImmediate(() => { throw err; }));`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * The parent's Node options without those that describe the parent's own entry script: a worker
 * inherits execArgv, and `node --input-type=module -e '…'` (how a library user may well start us)
 * would otherwise make every worker fail with ERR_INPUT_TYPE_NOT_ALLOWED.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  const withValue = new Set(['--input-type', '-e', '--eval', '-p', '--print']);
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (withValue.has(arg)) i++;
    else if (!arg.startsWith('--input-type=') && !arg.startsWith('--eval=') && !arg.startsWith('--print=')) kept.push(arg);
  }
  return kept;
}
