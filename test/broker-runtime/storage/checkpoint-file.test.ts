import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointFileError, OffsetCheckpointFile } from '../../../broker-runtime/storage/checkpoint-file.js';
import { tempDir } from './helpers.js';

describe('OffsetCheckpointFile', () => {
  it("round-trips entries in Kafka's text format", () => {
    const file = path.join(tempDir(), 'recovery-point-offset-checkpoint');
    const checkpoint = new OffsetCheckpointFile(file);
    const entries = [
      { topic: 'orders', partition: 0, offset: 1234 },
      { topic: 'my.topic-with_dashes', partition: 11, offset: 2 ** 40 },
    ];
    checkpoint.write(entries);
    expect(fs.readFileSync(file, 'utf8')).toBe(`0\n2\norders 0 1234\nmy.topic-with_dashes 11 ${2 ** 40}\n`);
    expect(checkpoint.read()).toEqual(entries);
    expect(fs.existsSync(`${file}.tmp`)).toBe(false);
  });

  it('reads a missing file as empty and an empty checkpoint as empty', () => {
    const file = path.join(tempDir(), 'cp');
    expect(new OffsetCheckpointFile(file).read()).toEqual([]);
    new OffsetCheckpointFile(file).write([]);
    expect(fs.readFileSync(file, 'utf8')).toBe('0\n0\n');
    expect(new OffsetCheckpointFile(file).read()).toEqual([]);
  });

  it('replaces the previous content as a whole', () => {
    const file = path.join(tempDir(), 'cp');
    const checkpoint = new OffsetCheckpointFile(file);
    checkpoint.write([{ topic: 'a', partition: 0, offset: 1 }, { topic: 'b', partition: 0, offset: 2 }]);
    checkpoint.write([{ topic: 'a', partition: 0, offset: 5 }]);
    expect(checkpoint.read()).toEqual([{ topic: 'a', partition: 0, offset: 5 }]);
  });

  it('rejects an unknown version with a clear error', () => {
    const file = path.join(tempDir(), 'cp');
    fs.writeFileSync(file, '1\n1\na 0 5\n');
    expect(() => new OffsetCheckpointFile(file).read()).toThrow(CheckpointFileError);
    expect(() => new OffsetCheckpointFile(file).read()).toThrow(/format version "1"; this Oxbow reads only version 0/);
  });

  it('rejects malformed lines and a wrong count', () => {
    const file = path.join(tempDir(), 'cp');
    fs.writeFileSync(file, '0\n1\na zero 5\n');
    expect(() => new OffsetCheckpointFile(file).read()).toThrow(/malformed line 3/);
    fs.writeFileSync(file, '0\n2\na 0 5\n');
    expect(() => new OffsetCheckpointFile(file).read()).toThrow(/says it holds 2 entries but holds 1/);
  });
});
