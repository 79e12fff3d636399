// The metadata log's segments and snapshots on disk: when snapshots are written and what they let
// go of, how a restart picks one (and falls back when it is torn or corrupt), the crash states
// between the steps of a snapshot, a log from before snapshots, and what a lagging subscriber gets.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Controller } from '../../../../broker-runtime/coordinator/metadata/controller.js';
import { MetadataImage } from '../../../../broker-runtime/coordinator/metadata/metadata-image.js';
import type { MetadataLog } from '../../../../broker-runtime/coordinator/metadata/metadata-log.js';
import type { MetadataRecord } from '../../../../broker-runtime/coordinator/metadata/metadata-records.js';
import { writeSnapshotFile } from '../../../../broker-runtime/coordinator/metadata/metadata-snapshot-file.js';
import { snapshotOf } from '../../../../broker-runtime/coordinator/metadata/metadata-snapshot.js';
import { dumpImage, logFiles, openController } from './metadata-fixture.js';

const SNAPSHOT_BYTES = 2000;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-metadata-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Some history: brokers, topics created and deleted, configs set and unset, fencing, producer ids. */
function churn(controller: Controller, rounds: number, from = 0): void {
  for (let round = from; round < from + rounds; round++) {
    for (const id of [0, 1, 2]) controller.registerBroker(id, '127.0.0.1', 9092 + id);
    controller.createTopics([{ name: `t${round}`, numPartitions: 2, replicationFactor: 2, configs: { 'retention.ms': String(round) } }], false);
    controller.alterConfigs('broker', '', [{ name: 'log.retention.ms', value: String(1000 + round), op: 'SET' }], true, false);
    controller.fenceBroker(round % 3);
    controller.allocateProducerIds(0);
    if (round % 2 === 1) controller.deleteTopic(`t${round - 1}`);
    controller.unfenceBroker(round % 3);
  }
}

/** Churns until the log has taken at least `count` snapshots; returns the rounds done. */
function churnSnapshots(opened: { controller: Controller; log: MetadataLog }, count: number, from = 0): number {
  let taken = 0;
  let round = from;
  while (taken < count) {
    const start = opened.log.startOffset;
    churn(opened.controller, 1, round++);
    if (opened.log.startOffset !== start) taken++;
  }
  return round;
}

function snapshotsIn(): number[] {
  return logFiles(dir).names.filter((f) => f.endsWith('.snapshot')).map((f) => Number(/-(\d{20})\./.exec(f)![1]));
}

function segmentsIn(): number[] {
  return logFiles(dir).names.filter((f) => f.endsWith('.log')).map((f) => Number(/-(\d{20})\./.exec(f)![1]));
}

/** A copy of the controller's image rebuilt by a subscriber that saw every commit. */
function follow(controller: Controller, image = new MetadataImage()): MetadataImage {
  controller.subscribe((records, first) => records.forEach((r, i) => image.replay(r, first + i)), image.offset + 1);
  return image;
}

describe('MetadataLog snapshots', () => {
  it('snapshots once enough bytes were appended, rolls the log there, and keeps two snapshots with the records after the older', () => {
    const opened = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    const { controller, log } = opened;
    const everything = follow(controller);
    let rounds = churnSnapshots(opened, 1);
    const [first] = snapshotsIn();
    expect(first).toBeGreaterThan(0);
    // The first snapshot keeps the full log as its fallback.
    expect(segmentsIn()).toEqual([0, first]);

    // The second lets go of the records before the first.
    rounds = churnSnapshots(opened, 1, rounds);
    expect(segmentsIn()).toEqual(snapshotsIn());
    churn(controller, 40, rounds);
    const snapshots = snapshotsIn();
    expect(snapshots).toHaveLength(2);
    expect(segmentsIn()).toEqual(snapshots);
    expect(log.startOffset).toBe(snapshots[1]);
    // Offsets never restart: the image is at the offset of the last of every record ever committed.
    expect(controller.image.offset).toBe(everything.offset);
    expect(log.endOffset).toBe(everything.offset + 1);
    const { bytes } = logFiles(dir);
    const snapshotBytes = fs.statSync(path.join(dir, logFiles(dir).names.find((f) => f.endsWith('.snapshot'))!)).size;
    expect(bytes).toBeLessThan(3 * SNAPSHOT_BYTES + 3 * snapshotBytes);
    log.close();
  });

  it('restarts from the newest snapshot and the log after it with the image a full replay gives', () => {
    const first = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    const everything = follow(first.controller);
    const rounds = churnSnapshots(first, 3);
    churn(first.controller, 1, rounds);
    expect(first.log.records.length).toBeGreaterThan(0);
    first.log.close();

    const second = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    expect(second.log.recovered.snapshot?.endOffset).toBe(snapshotsIn().at(-1));
    expect(dumpImage(second.controller.image)).toEqual(dumpImage(everything));
    // It goes on from where it was, and so does a subscriber that saw everything.
    follow(second.controller, everything);
    churnSnapshots(second, 1, rounds + 1);
    expect(dumpImage(second.controller.image)).toEqual(dumpImage(everything));
    second.log.close();
  });

  const damages: [string, (file: string) => void][] = [
    ['torn (cut short)', (file) => fs.truncateSync(file, fs.statSync(file).size - 7)],
    ['corrupt (a byte changed)', (file) => {
      const bytes = fs.readFileSync(file);
      const at = bytes.indexOf('"brokerEpoch"') + 2;
      bytes[at] = bytes[at] === 0x61 ? 0x62 : 0x61;
      fs.writeFileSync(file, bytes);
    }],
    ['of an unknown format version', (file) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"version":1', '"version":9'))],
    ['empty', (file) => fs.writeFileSync(file, '')],
  ];

  for (const [damage, apply] of damages) {
    it(`falls back to the previous snapshot when the newest is ${damage}`, () => {
      const first = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
      const everything = follow(first.controller);
      churn(first.controller, 1, churnSnapshots(first, 3));
      first.log.close();
      const [older, newest] = snapshotsIn();
      apply(path.join(dir, `metadata-${String(newest).padStart(20, '0')}.snapshot`));

      const second = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
      expect(second.log.recovered.snapshot?.endOffset).toBe(older);
      expect(second.log.recovered.discarded).toEqual([expect.stringContaining(`${String(newest).padStart(20, '0')}.snapshot: `)]);
      expect(snapshotsIn()).toEqual([older]);
      expect(dumpImage(second.controller.image)).toEqual(dumpImage(everything));
      second.log.close();
    });
  }

  it('falls back to the full log when its only snapshot is corrupt', () => {
    const first = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    const everything = follow(first.controller);
    churnSnapshots(first, 1);
    first.log.close();
    const [only] = snapshotsIn();
    fs.writeFileSync(path.join(dir, `metadata-${String(only).padStart(20, '0')}.snapshot`), '{"format":"oxbow-metadata-snapshot"');

    const second = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    expect(second.log.recovered.snapshot).toBeNull();
    expect(second.log.startOffset).toBe(0);
    expect(dumpImage(second.controller.image)).toEqual(dumpImage(everything));
    second.log.close();
  });

  it('refuses to start, saying why, when no snapshot is readable and the records before them are gone', () => {
    const first = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    churnSnapshots(first, 3);
    first.log.close();
    for (const offset of snapshotsIn()) fs.writeFileSync(path.join(dir, `metadata-${String(offset).padStart(20, '0')}.snapshot`), 'x');
    expect(() => openController(dir)).toThrow(/cannot be recovered: the log starts at offset \d+, after offset 0/);
  });

  it('recovers from a crash at any step of taking a snapshot', () => {
    const first = openController(dir);
    const everything = follow(first.controller);
    churn(first.controller, 10);
    first.log.close();
    // Crashed after the snapshot was renamed into place, before the log rolled; with the temp files
    // of a next snapshot and segment half written.
    const end = everything.offset + 1;
    const name = (kind: string, offset: number) => path.join(dir, `metadata-${String(offset).padStart(20, '0')}.${kind}`);
    writeSnapshotFile(name('snapshot', end), snapshotOf(everything));
    fs.writeFileSync(`${name('snapshot', end + 5)}.tmp`, '{"format":"oxbow-metadata-snap');
    fs.writeFileSync(`${name('log', end + 5)}.tmp`, '');

    const second = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    expect(second.log.recovered.snapshot?.endOffset).toBe(end);
    expect(logFiles(dir).names).toEqual([path.basename(name('log', 0)), path.basename(name('snapshot', end))]);
    expect(dumpImage(second.controller.image)).toEqual(dumpImage(everything));
    // Records go on in the old segment until the next snapshot rolls it; that one still needs it.
    follow(second.controller, everything);
    churnSnapshots(second, 1, 10);
    expect(segmentsIn()).toEqual([0, snapshotsIn()[1]]);
    second.log.close();
    const third = openController(dir);
    expect(dumpImage(third.controller.image)).toEqual(dumpImage(everything));
    third.log.close();
  });

  it('takes a log written before snapshots (format version 1, one file) as its segment at offset 0', () => {
    const line = (record: MetadataRecord) => {
      const json = JSON.stringify(record);
      return `${crcOf(json)} ${json}\n`;
    };
    fs.writeFileSync(path.join(dir, 'metadata.log'), [
      '{"format":"oxbow-metadata-log","version":1}\n',
      line({ type: 'RegisterBroker', brokerId: 0, host: '127.0.0.1', port: 9092, rack: null, brokerEpoch: 0 }),
      line({ type: 'Topic', name: 'old', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }),
    ].join(''));
    const { controller, log } = openController(dir);
    expect([...controller.image.topicsByName.keys()]).toEqual(['old']);
    expect(controller.image.offset).toBe(1);
    expect(logFiles(dir).names).toEqual(['metadata-00000000000000000000.log']);
    controller.createTopics([{ name: 'new', numPartitions: 1, replicationFactor: 1, configs: {} }], false);
    log.close();
    const reopened = openController(dir);
    expect([...reopened.controller.image.topicsByName.keys()].sort()).toEqual(['new', 'old']);
    reopened.log.close();
  });

  it('sends a subscriber from before the log start a snapshot that resets its image, then live records', () => {
    const opened = openController(dir, { maxRecordBytesBetweenSnapshots: SNAPSHOT_BYTES });
    const { controller, log } = opened;
    const everything = follow(controller);
    const rounds = churnSnapshots(opened, 2);
    churn(controller, 1, rounds);
    expect(log.startOffset).toBeGreaterThan(3);
    const end = log.endOffset;

    // A stale image (it even has a topic the cluster deleted long ago) that asks from offset 3.
    const stale = new MetadataImage();
    stale.replay({ type: 'Topic', name: 'gone', topicId: 'gone' }, 2);
    const batches: [string, number][] = [];
    controller.subscribe((records, first) => {
      batches.push([records[0].type, first]);
      records.forEach((r, i) => stale.replay(r, first + i));
    }, 3);
    expect(batches).toEqual([['SnapshotHeader', 3]]);
    expect(dumpImage(stale)).toEqual(dumpImage(everything));

    churn(controller, 1, rounds + 1);
    // Then the records committed after the snapshot's end, at their offsets.
    expect(batches[1]).toEqual([expect.any(String), end]);
    expect(dumpImage(stale)).toEqual(dumpImage(everything));

    // From inside the log: just the records, at their offsets.
    const tail: number[] = [];
    controller.subscribe((records, first) => tail.push(first, records.length), log.startOffset + 1);
    expect(tail).toEqual([log.startOffset + 1, log.endOffset - log.startOffset - 1]);
    log.close();
  });
});

function crcOf(json: string): string {
  // The same CRC-32C the segment writer uses, computed the slow way, so the fixture does not trust it.
  let crc = 0xffffffff;
  for (const byte of Buffer.from(json)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
