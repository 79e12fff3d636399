// File names of a partition directory, as Kafka names them (LogFileUtils): every segment is three
// files sharing a 20-digit zero-padded base offset, and a suffix marks a file's state during
// deletion, compaction and swap (see LogLoader for how each is handled after a crash).
import * as fs from 'node:fs';
import * as path from 'node:path';

export const LOG_FILE_SUFFIX = '.log';
export const INDEX_FILE_SUFFIX = '.index';
export const TIME_INDEX_FILE_SUFFIX = '.timeindex';

/** A segment being deleted. */
export const DELETED_FILE_SUFFIX = '.deleted';
/** The cleaner's output while it is being written: never valid after a crash. */
export const CLEANED_FILE_SUFFIX = '.cleaned';
/** A complete cleaner output, waiting to replace the segments it was made from. */
export const SWAP_FILE_SUFFIX = '.swap';

export function filenamePrefixFromOffset(offset: number): string {
  return String(offset).padStart(20, '0');
}

export function logFile(dir: string, offset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(offset) + LOG_FILE_SUFFIX + suffix);
}

export function offsetIndexFile(dir: string, offset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(offset) + INDEX_FILE_SUFFIX + suffix);
}

export function timeIndexFile(dir: string, offset: number, suffix = ''): string {
  return path.join(dir, filenamePrefixFromOffset(offset) + TIME_INDEX_FILE_SUFFIX + suffix);
}

/** The base offset in a segment file's name ("00000000000000000042.log.swap" -> 42), or -1. */
export function offsetFromFileName(fileName: string): number {
  const match = /^(\d{20})\./.exec(fileName);
  return match ? Number(match[1]) : -1;
}

/** fsync a directory, so that files created, renamed or deleted in it survive a crash. */
export function flushDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    // NB: Windows cannot open or fsync a directory; Kafka skips it there too.
    if (process.platform !== 'win32') throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
