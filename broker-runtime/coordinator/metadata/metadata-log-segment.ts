// One file of the metadata log: a header line naming the format, its version and the offset of the
// file's first record, then one JSON record per line, each prefixed with the CRC-32C of its JSON.
//
//   {"format":"oxbow-metadata-log","version":2,"baseOffset":1200}
//   1c291ca3 {"type":"Topic","name":"orders","topicId":"…"}
//
// Version 1 (Oxbow before snapshots) had one file holding the whole log, so its base offset is 0.
// Invariant: a segment is created whole (temp file, fsync, rename), so a segment file never has a
// torn header; only its tail can be torn, by a crash in the middle of an append.
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { flushDir } from '../../storage/log-file-utils.js';
import type { MetadataRecord } from './metadata-records.js';

const FORMAT = 'oxbow-metadata-log';
const VERSION = 2;

function crcHex(text: string): string {
  return (crc32c(Buffer.from(text)) >>> 0).toString(16).padStart(8, '0');
}

/** A record as one line of a segment, newline included. */
export function encodeRecordLine(record: MetadataRecord): string {
  const json = JSON.stringify(record);
  return `${crcHex(json)} ${json}\n`;
}

export interface SegmentContents {
  baseOffset: number;
  records: MetadataRecord[];
  /** Bytes of the header and the records that passed their CRC. */
  validBytes: number;
  /** True when bytes after the valid records were cut off or did not pass their CRC. */
  torn: boolean;
}

/** The file's records up to the first torn or corrupt line; throws when it is not a metadata log. */
export function readSegment(file: string): SegmentContents {
  const text = fs.readFileSync(file, 'utf8');
  const newline = text.indexOf('\n');
  const header = parseHeader(newline < 0 ? null : text.slice(0, newline));
  if (!header || header.format !== FORMAT) throw new Error(`${file} is not an Oxbow metadata log`);
  if (header.version !== 1 && header.version !== VERSION) {
    throw new Error(`${file} has metadata log format version ${header.version}; this Oxbow reads versions 1 and ${VERSION}`);
  }
  const baseOffset = header.version === 1 ? 0 : Number(header.baseOffset);
  if (!Number.isSafeInteger(baseOffset) || baseOffset < 0) throw new Error(`${file} has no valid base offset in its header`);
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
  return { baseOffset, records, validBytes, torn: validBytes !== Buffer.byteLength(text) };
}

function parseHeader(line: string | null): { format?: string; version?: number; baseOffset?: number } | null {
  try {
    return line === null ? null : (JSON.parse(line) as { format?: string; version?: number; baseOffset?: number });
  } catch {
    return null;
  }
}

/** Creates an empty segment whose first record will have offset `baseOffset`; returns its size. */
export function createSegment(file: string, baseOffset: number): number {
  const tmp = `${file}.tmp`;
  const header = `${JSON.stringify({ format: FORMAT, version: VERSION, baseOffset })}\n`;
  fs.writeFileSync(tmp, header);
  const fd = fs.openSync(tmp, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  flushDir(path.dirname(file));
  return Buffer.byteLength(header);
}

/** The segment appended to: each append is written and fsynced before it returns. */
export class ActiveSegment {
  private size: number;

  private constructor(private readonly fd: number, size: number) {
    this.size = size;
  }

  /** Opens `file` for appending after its first `validBytes` bytes, cutting off anything after them. */
  static open(file: string, validBytes: number): ActiveSegment {
    const fd = fs.openSync(file, 'r+');
    if (fs.fstatSync(fd).size !== validBytes) {
      fs.ftruncateSync(fd, validBytes);
      fs.fsyncSync(fd);
    }
    return new ActiveSegment(fd, validBytes);
  }

  /** Appends lines durably; returns the bytes written. */
  append(lines: string): number {
    const bytes = Buffer.byteLength(lines);
    fs.writeSync(this.fd, lines, this.size);
    fs.fsyncSync(this.fd);
    this.size += bytes;
    return bytes;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
