// A metadata snapshot on disk: a header line with the format, its version, the snapshot's end
// offset, its record count and the CRC-32C of everything after the header, then one JSON record
// per line.
//
//   {"format":"oxbow-metadata-snapshot","version":1,"endOffset":1200,"records":3,"crc":"5e1f03aa"}
//   {"type":"RegisterBroker","brokerId":0,…}
//
// Invariant: a snapshot file is written whole (temp file, fsync, rename, directory fsync), so a
// crash leaves either no file or a complete one; a file that fails any check anyway (a disk that
// lost or changed bytes) is reported unreadable and the caller falls back to an older snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import { flushDir } from '../../storage/log-file-utils.js';
import type { MetadataRecord } from './metadata-records.js';
import type { MetadataSnapshot } from './metadata-snapshot.js';

const FORMAT = 'oxbow-metadata-snapshot';
const VERSION = 1;

interface SnapshotFileHeader {
  format: string;
  version: number;
  endOffset: number;
  records: number;
  crc: string;
}

function crcHex(body: string): string {
  return (crc32c(Buffer.from(body)) >>> 0).toString(16).padStart(8, '0');
}

export function writeSnapshotFile(file: string, snapshot: MetadataSnapshot): void {
  const body = snapshot.records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const header: SnapshotFileHeader = {
    format: FORMAT, version: VERSION, endOffset: snapshot.endOffset, records: snapshot.records.length, crc: crcHex(body),
  };
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, `${JSON.stringify(header)}\n${body}`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  flushDir(path.dirname(file));
}

/** The snapshot in `file`, or why it cannot be used. */
export function readSnapshotFile(file: string): { snapshot: MetadataSnapshot } | { problem: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { problem: `unreadable: ${(err as Error).message}` };
  }
  const newline = text.indexOf('\n');
  let header: Partial<SnapshotFileHeader>;
  try {
    header = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as Partial<SnapshotFileHeader>;
  } catch {
    return { problem: 'the header is not JSON' };
  }
  if (header.format !== FORMAT) return { problem: 'not an Oxbow metadata snapshot' };
  if (header.version !== VERSION) return { problem: `format version ${header.version}; this Oxbow reads version ${VERSION}` };
  const body = text.slice(newline + 1);
  if (crcHex(body) !== header.crc) return { problem: `CRC mismatch (torn or corrupt: header says ${header.crc}, body has ${crcHex(body)})` };
  const lines = body.split('\n');
  lines.pop();
  if (lines.length !== header.records) return { problem: `${lines.length} records where the header says ${header.records}` };
  if (!Number.isSafeInteger(header.endOffset) || header.endOffset! < 0) return { problem: 'no valid end offset' };
  try {
    return { snapshot: { endOffset: header.endOffset!, records: lines.map((line) => JSON.parse(line) as MetadataRecord) } };
  } catch {
    return { problem: 'a record is not JSON' };
  }
}
