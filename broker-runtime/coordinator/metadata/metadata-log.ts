// The coordinator's file-backed metadata log: one JSON record per line, each line prefixed with
// the CRC-32C of its JSON, after a header line naming the format and its version.
//
//   {"format":"oxbow-metadata-log","version":1}
//   1c291ca3 {"type":"Topic","name":"orders","topicId":"…"}
//
// Invariant: a record is acknowledged only after its line is written and fsynced. On open, the log
// is read up to the first line that is torn or fails its CRC, and cut there: a crash mid-append
// loses at most the record that was never acknowledged.
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import type { MetadataRecord } from './metadata-records.js';

const FORMAT = 'oxbow-metadata-log';
const VERSION = 1;
const HEADER = `${JSON.stringify({ format: FORMAT, version: VERSION })}\n`;

function crcHex(json: string): string {
  return (crc32c(Buffer.from(json)) >>> 0).toString(16).padStart(8, '0');
}

export class MetadataLog {
  private constructor(
    private readonly fd: number,
    readonly records: MetadataRecord[],
  ) {}

  /** Opens (or creates) the log at `file` and returns it with every valid record it holds. */
  static open(file: string): MetadataLog {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, HEADER);
      fsyncDir(path.dirname(file));
    }
    const text = fs.readFileSync(file, 'utf8');
    const newline = text.indexOf('\n');
    const header = newline < 0 ? null : (JSON.parse(text.slice(0, newline)) as { format?: string; version?: number });
    if (!header || header.format !== FORMAT) throw new Error(`${file} is not an Oxbow metadata log`);
    if (header.version !== VERSION) {
      throw new Error(`${file} has metadata log format version ${header.version}; this Oxbow reads version ${VERSION}`);
    }
    const records: MetadataRecord[] = [];
    let validBytes = Buffer.byteLength(text.slice(0, newline + 1));
    let pos = newline + 1;
    for (;;) {
      const end = text.indexOf('\n', pos);
      if (end < 0) break;
      const line = text.slice(pos, end);
      const json = line.slice(9);
      if (line[8] !== ' ' || crcHex(json) !== line.slice(0, 8)) break;
      records.push(JSON.parse(json) as MetadataRecord);
      validBytes += Buffer.byteLength(line) + 1;
      pos = end + 1;
    }
    const fd = fs.openSync(file, 'r+');
    if (fs.fstatSync(fd).size !== validBytes) fs.ftruncateSync(fd, validBytes);
    return new MetadataLog(fd, records);
  }

  /** Appends records durably; returns the offset of the first one. */
  append(batch: readonly MetadataRecord[]): number {
    const first = this.records.length;
    const text = batch.map((r) => {
      const json = JSON.stringify(r);
      return `${crcHex(json)} ${json}\n`;
    });
    fs.writeSync(this.fd, text.join(''), fs.fstatSync(this.fd).size);
    fs.fsyncSync(this.fd);
    this.records.push(...batch);
    return first;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
