// Golden bytes: record batches exactly as kcat (librdkafka 2.0.2) builds them, checked against
// Oxbow's RecordBatch reader and builder.
// - The fixtures under test/fixtures/records/ need no kcat: readRecords must decode them to what
//   was sent, and buildRecordBatch must rebuild the uncompressed one byte for byte.
// - The live checks repeat this with a batch kcat sends now. With OXBOW_CAPTURE_FIXTURES=1 they
//   also rewrite the fixtures:
//     OXBOW_CAPTURE_FIXTURES=1 npx vitest run test/compat/kcat-record-batch.test.ts
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BATCH_HEADER_SIZE, type BatchHeader, validateBatch } from '../../broker-runtime/protocol/records/batch-header.js';
import { buildRecordBatch, openRecordBatch, readRecords } from '../../broker-runtime/protocol/records/record-batch.js';
import { compatHarness } from './helpers/harness.js';
import { kcatProduceArgs, kcatProduceChecked } from './helpers/kcat.js';
import { CODEC_ID, type Codec, type ProducedRecord } from './helpers/records.js';
import { readStoredBatches } from './helpers/segments.js';

const harness = compatHarness();
const text = (s: string) => Buffer.from(s, 'utf8');
const HEADERS: ProducedRecord['headers'] = [['trace', text('abc-123')], ['empty', text('')], ['nil', null]];

interface GoldenCase {
  name: string;
  codec: Codec;
  records: ProducedRecord[];
}

const CASES: GoldenCase[] = [
  {
    name: 'kcat-uncompressed-batch',
    codec: 'none',
    records: [
      { key: text('k1'), value: text('hello'), headers: HEADERS },
      { key: null, value: text('no key here'), headers: HEADERS },
      { key: text('k3'), value: null, headers: HEADERS },
      { key: text('k4'), value: text('UTF-8 ✓ café'), headers: HEADERS },
    ],
  },
  {
    // librdkafka compresses zstd as a stream: its frame declares no content size.
    name: 'kcat-zstd-batch',
    codec: 'zstd',
    records: [
      { key: text('z1'), value: text('oxbow '.repeat(40)), headers: HEADERS },
      { key: null, value: text('kafka '.repeat(40)), headers: HEADERS },
      { key: text('z3'), value: null, headers: HEADERS },
    ],
  },
];

const fixtureUrl = (name: string) => new URL(`../fixtures/records/${name}.hex`, import.meta.url);

function readHexFixture(name: string): Buffer {
  const hex = fs.readFileSync(fixtureUrl(name), 'utf8').split('\n').map((line) => line.replace(/#.*/, '')).join('');
  return Buffer.from(hex.replace(/\s+/g, ''), 'hex');
}

const HEADER_FIELDS: [string, number][] = [
  ['baseOffset', 8], ['batchLength', 4], ['partitionLeaderEpoch', 4], ['magic', 1], ['crc', 4], ['attributes', 2],
  ['lastOffsetDelta', 4], ['baseTimestamp', 8], ['maxTimestamp', 8], ['producerId', 8], ['producerEpoch', 2],
  ['baseSequence', 4], ['recordCount', 4],
];

function hexRows(bytes: Buffer): string[] {
  const rows: string[] = [];
  for (let i = 0; i < bytes.length; i += 16) rows.push(bytes.subarray(i, i + 16).toString('hex').replace(/(..)(?!$)/g, '$1 '));
  return rows;
}

function writeHexFixture(c: GoldenCase, batch: Buffer): void {
  const lines = [
    `# One RecordBatch v2 as kcat 1.7.1 (librdkafka 2.0.2) produced it: ${c.records.length} records, codec ${c.codec}.`,
    '# Captured by `OXBOW_CAPTURE_FIXTURES=1 npx vitest run test/compat/kcat-record-batch.test.ts`, which',
    `# pipes the records of case "${c.name}" in that test into`,
    `#   kcat ${kcatProduceArgs({ bootstrap: '<broker>', topic: '<topic>', codec: c.codec, records: c.records }).join(' ')}`,
    '# against an Oxbow broker and copies the batch from the partition\'s segment file. The broker',
    '# patched only baseOffset and partitionLeaderEpoch, which the CRC does not cover.',
  ];
  let pos = 0;
  for (const [field, size] of HEADER_FIELDS) {
    lines.push(`${batch.subarray(pos, pos + size).toString('hex').replace(/(..)(?!$)/g, '$1 ').padEnd(24)} # ${field}`);
    pos += size;
  }
  lines.push(`# records section (${batch.length - BATCH_HEADER_SIZE} bytes${c.codec === 'none' ? '' : `, ${c.codec}-compressed`})`);
  lines.push(...hexRows(batch.subarray(BATCH_HEADER_SIZE)));
  fs.mkdirSync(new URL('../fixtures/records/', import.meta.url), { recursive: true });
  fs.writeFileSync(fixtureUrl(c.name), `${lines.join('\n')}\n`);
}

/** The same records and header fields, built by Oxbow without compression. */
function rebuildUncompressed(batch: Buffer, header: BatchHeader): Buffer {
  return buildRecordBatch({
    records: readRecords(batch).map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })),
    baseOffset: header.baseOffset,
    baseTimestamp: header.baseTimestamp,
    partitionLeaderEpoch: header.partitionLeaderEpoch,
    producerId: header.producerId,
    producerEpoch: header.producerEpoch,
    baseSequence: header.baseSequence,
  });
}

function checkGoldenBatch(c: GoldenCase, batch: Buffer): void {
  const header = validateBatch(batch);
  expect(header).toMatchObject({
    magic: 2,
    attributes: CODEC_ID[c.codec], // CreateTime, not transactional, not control
    lastOffsetDelta: c.records.length - 1,
    recordCount: c.records.length,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
  });
  const records = readRecords(batch);
  expect(records.map((r) => ({ offset: r.offset, key: r.key, value: r.value, headers: r.headers.map((h) => [h.key, h.value]) })))
    .toEqual(c.records.map((r, i) => ({ offset: header.baseOffset + i, key: r.key, value: r.value, headers: r.headers })));
  for (const r of records) expect(r.timestamp).toBeGreaterThanOrEqual(header.baseTimestamp);
  expect(Math.max(...records.map((r) => r.timestamp))).toBe(header.maxTimestamp);

  const rebuilt = rebuildUncompressed(batch, header);
  if (c.codec === 'none') {
    expect(rebuilt.toString('hex')).toBe(batch.toString('hex'));
  } else {
    // Compressed bytes depend on the compressor; what is inside must be the same records section.
    expect(openRecordBatch(batch).section.toString('hex')).toBe(rebuilt.subarray(BATCH_HEADER_SIZE).toString('hex'));
  }
}

describe('kcat record batches: fixtures (no kcat needed)', () => {
  it.each(CASES)('$name decodes to what was sent, and rebuilds byte for byte', (c) => {
    checkGoldenBatch(c, readHexFixture(c.name));
  });
});

describe('kcat record batches: live', () => {
  it.each(CASES)('$name as kcat sends it now', async (c) => {
    const cluster = await harness.startCluster();
    const topic = `golden-${c.codec}`;
    await kcatProduceChecked({ bootstrap: cluster.bootstrap, topic, codec: c.codec, records: c.records });
    const batches = readStoredBatches(cluster.dataDir, 0, topic);
    expect(batches.map((b) => b.header.recordCount)).toEqual([c.records.length]);
    checkGoldenBatch(c, batches[0].bytes);
    if (process.env.OXBOW_CAPTURE_FIXTURES === '1') writeHexFixture(c, batches[0].bytes);
  });
});
