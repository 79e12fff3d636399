// Kafka's OffsetCheckpointFile: one offset per partition in a small text file, e.g. the data dir's
// recovery-point-offset-checkpoint, log-start-offset-checkpoint and cleaner-offset-checkpoint.
//
//   0                  <- format version
//   2                  <- number of entries
//   orders 0 1234      <- topic partition offset
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

export class OffsetCheckpointFile {
  constructor(readonly file: string) {}

  write(entries: Iterable<TopicPartitionOffset>): void {
    const lines: string[] = [];
    for (const { topic, partition, offset } of entries) {
      // Invariant: topic names never contain whitespace (Kafka's legal characters are [a-zA-Z0-9._-]).
      if (/\s/.test(topic) || topic.length === 0) throw new CheckpointFileError(`topic "${topic}" cannot be written to a checkpoint`);
      lines.push(`${topic} ${partition} ${offset}`);
    }
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

  /** The entries, or none when the file does not exist. Throws CheckpointFileError when unreadable. */
  read(): TopicPartitionOffset[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
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
    const entries: TopicPartitionOffset[] = [];
    for (let i = 2; i < lines.length; i++) {
      const match = /^(\S+) (\d+) (-?\d+)$/.exec(lines[i]);
      if (!match) throw new CheckpointFileError(`${this.file}: malformed line ${i + 1}: "${lines[i]}"`);
      entries.push({ topic: match[1], partition: Number(match[2]), offset: Number(match[3]) });
    }
    if (entries.length !== expected) {
      throw new CheckpointFileError(`${this.file} says it holds ${expected} entries but holds ${entries.length}`);
    }
    return entries;
  }
}
