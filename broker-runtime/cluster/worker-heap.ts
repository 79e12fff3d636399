// The V8 heap a broker worker starts with.
//
// Why: V8 sizes an isolate's old generation from what survives its first collections. A broker's
// live heap is small (about 8 MB), so the limit settles near 14 MB, and the steady promotion of
// requests in flight (acks=all produce waits for the followers) then starts a full mark-compact
// for every megabyte or so promoted: about 170 of them while a 3-broker cluster replicates a
// gigabyte, a fifth of the cluster's CPU (bench/cluster-bench.ts under perf). Given an initial
// old generation size, V8 skips full collections below it (it counts the size as configured).
// NB: V8 flags belong to the process, and a worker thread cannot be given its own, so the flag is
// set in the process before the first worker starts: isolates created after that (other worker
// threads of an embedding process) start with the same initial size. It only moves the point of
// the first full collection; the heap's maximum is unchanged. A size given on the command line
// or in NODE_OPTIONS is left as it is.
import v8 from 'node:v8';

export const INITIAL_OLD_SPACE_MB = 64;

const SIZE_FLAGS = ['--initial-old-space-size', '--initial_old_space_size', '--initial-heap-size', '--initial_heap_size'];

let applied = false;

/** The flag to set, or null when the process was started with an initial heap size of its own. */
export function initialHeapFlag(execArgv: readonly string[], nodeOptions: string | undefined): string | null {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)];
  if (given.some((arg) => SIZE_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)))) return null;
  return `--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`;
}

/** Sets the initial old generation size for the isolates created from now on (once per process). */
export function sizeWorkerHeaps(): void {
  if (applied) return;
  applied = true;
  const flag = initialHeapFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) v8.setFlagsFromString(flag);
}
