// Kafka's CheckpointFile: small text files of one entry per line, e.g. the data dir's
// recovery-point-offset-checkpoint, log-start-offset-checkpoint and cleaner-offset-checkpoint
// (OffsetCheckpointFile), and each partition's leader-epoch-checkpoint.
//
//   0                  <- format version
//   2                  <- number of entries
//   orders 0 1234      <- one entry, in the file's own line format (here: topic partition offset)
//   orders 1 987
//
// Written atomically: a temp file is written and fsynced, renamed over the old one, and the
// directory fsynced, so a crash leaves either the old file or the new one, never a mix.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaError } from '../errors.js';
import { flushDir } from './log-file-utils.js';

export const CHECKPOINT_VERSION = 0;

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

/** A checkpoint file that cannot be read: an unknown version or a malformed line. */
export class CheckpointFileError extends KafkaError {
  constructor(message: string) {
    super('KAFKA_STORAGE_ERROR', message);
    this.name = 'CheckpointFileError';
  }
}

/** How one kind of checkpoint writes and parses its entry lines. */
export interface CheckpointFormat<T> {
  /** Throws CheckpointFileError for an entry that cannot be written. */
  toLine(entry: T): string;
  /** The entry, or null for a malformed line. */
  fromLine(line: string): T | null;
}

export class CheckpointFile<T> {
  constructor(
    readonly file: string,
    private readonly format: CheckpointFormat<T>,
  ) {}

  write(entries: Iterable<T>): void {
    const lines: string[] = [];
    for (const entry of entries) lines.push(this.format.toLine(entry));
    const text = `${CHECKPOINT_VERSION}\n${lines.length}\n${lines.map((l) => `${l}\n`).join('')}`;
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w', 0o644);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    flushDir(path.dirname(this.file));
  }

  /** The entries, or null when the file does not exist. Throws CheckpointFileError when unreadable. */
  readIfExists(): T[] | null {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const version = lines[0]?.trim();
    if (version !== String(CHECKPOINT_VERSION)) {
      throw new CheckpointFileError(
        `${this.file} has checkpoint format version "${version ?? ''}"; this Oxbow reads only version ${CHECKPOINT_VERSION}`,
      );
    }
    const expected = Number(lines[1]);
    if (lines.length < 2 || !Number.isInteger(expected) || expected < 0) {
      throw new CheckpointFileError(`${this.file}: the entry count on line 2 is "${lines[1] ?? ''}", not a number`);
    }
    const entries: T[] = [];
    for (let i = 2; i < lines.length; i++) {
      const entry = this.format.fromLine(lines[i]);
      if (entry === null) throw new CheckpointFileError(`${this.file}: malformed line ${i + 1}: "${lines[i]}"`);
      entries.push(entry);
    }
    if (entries.length !== expected) {
      throw new CheckpointFileError(`${this.file} says it holds ${expected} entries but holds ${entries.length}`);
    }
    return entries;
  }

  /** The entries, or none when the file does not exist. Throws CheckpointFileError when unreadable. */
  read(): T[] {
    return this.readIfExists() ?? [];
  }
}

const OFFSET_FORMAT: CheckpointFormat<TopicPartitionOffset> = {
  toLine({ topic, partition, offset }) {
    // Invariant: topic names never contain whitespace (Kafka's legal characters are [a-zA-Z0-9._-]).
    if (/\s/.test(topic) || topic.length === 0) throw new CheckpointFileError(`topic "${topic}" cannot be written to a checkpoint`);
    return `${topic} ${partition} ${offset}`;
  },
  fromLine(line) {
    const match = /^(\S+) (\d+) (-?\d+)$/.exec(line);
    return match ? { topic: match[1], partition: Number(match[2]), offset: Number(match[3]) } : null;
  },
};

/** One offset per partition (Kafka's OffsetCheckpointFile). */
export class OffsetCheckpointFile extends CheckpointFile<TopicPartitionOffset> {
  constructor(file: string) {
    super(file, OFFSET_FORMAT);
  }
}
