// A killed worker's open files. When the OS kills a process it closes the process's descriptors;
// worker.terminate() does not, because a descriptor belongs to the process, not to the thread that
// opened it. After a kill, the supervisor closes what the dead worker left open under its own
// directory, so killing a broker a hundred times does not leak a hundred sets of segment files.
//
// Invariant: called only while no live thread uses `dir` (the worker that owned it is gone and its
// successor has not started), so every descriptor found there is the dead worker's.
// NB: Linux only (/proc/self/fd). Elsewhere this does nothing and the descriptors stay open until
// the process exits; closing a descriptor never flushes anything, so either way the page cache
// holds what was written, as after a SIGKILL.
import { close } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const closeDescriptor = promisify(close);

const FD_DIR = '/proc/self/fd';

export async function closeOrphanedDescriptors(dir: string): Promise<number> {
  let entries: string[];
  let root: string;
  try {
    entries = await fs.readdir(FD_DIR);
    root = await fs.realpath(dir);
  } catch {
    return 0;
  }
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  let closed = 0;
  for (const entry of entries) {
    const fd = Number(entry);
    let target: string;
    try {
      target = await fs.readlink(path.join(FD_DIR, entry));
    } catch {
      continue;
    }
    if (!target.startsWith(prefix)) continue;
    try {
      await closeDescriptor(fd);
      closed++;
    } catch {
      // Already closed: nothing to release.
    }
  }
  return closed;
}
