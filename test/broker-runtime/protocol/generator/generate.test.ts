// Generation end to end: deterministic output, the committed files up to date, and --check
// catching a hand edit, a missing file and a stale one.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERATED_APIS } from '../../../../broker-runtime/protocol/generator/apis.js';
import { GENERATED_MARKER } from '../../../../broker-runtime/protocol/generator/emit-files.js';
import {
  defaultOutDir, defaultSpecDir, diffGenerated, generate, writeGenerated,
} from '../../../../broker-runtime/protocol/generator/generate.js';
import { runGenerator } from '../../../../broker-runtime/protocol/generator/main.js';

const files = generate(defaultSpecDir());

describe('generate', () => {
  it('produces one file per API plus headers, data schemas and the index, deterministically', () => {
    expect(files.size).toBe(GENERATED_APIS.length + 4);
    for (const name of ['produce.ts', 'api-versions.ts', 'find-coordinator.ts', 'headers.ts', 'consumer-protocol.ts', 'group-coordinator-records.ts', 'index.ts']) {
      expect(files.has(name)).toBe(true);
    }
    for (const content of files.values()) expect(content.startsWith(GENERATED_MARKER)).toBe(true);
    expect([...generate(defaultSpecDir())]).toEqual([...files]);
  });

  it('matches the committed output (what CI checks)', () => {
    expect(diffGenerated(defaultOutDir(), files)).toEqual([]);
  });

  it('takes the spec folder from OXBOW_KAFKA_SPECS', () => {
    const saved = process.env.OXBOW_KAFKA_SPECS;
    try {
      process.env.OXBOW_KAFKA_SPECS = '/somewhere/else';
      expect(defaultSpecDir()).toBe('/somewhere/else');
      expect(() => generate(defaultSpecDir())).toThrow(/not found at \/somewhere\/else/);
    } finally {
      if (saved === undefined) delete process.env.OXBOW_KAFKA_SPECS;
      else process.env.OXBOW_KAFKA_SPECS = saved;
    }
  });
});

describe('check mode', () => {
  let outDir: string;
  const log: string[] = [];

  beforeEach(() => {
    outDir = mkdtempSync(join(tmpdir(), 'oxbow-codegen-'));
    log.length = 0;
  });

  afterEach(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  const run = (...args: string[]): number => runGenerator([...args, '--out', outDir], (line) => log.push(line));

  it('passes on freshly generated output and fails, listing files, after a hand edit', () => {
    expect(run()).toBe(0);
    expect(readdirSync(outDir).sort()).toEqual([...files.keys()]);
    expect(run('--check')).toBe(0);

    const produce = join(outDir, 'produce.ts');
    writeFileSync(produce, readFileSync(produce, 'utf8').replace('m.acks = r.int16();', 'm.acks = r.int8();'));
    rmSync(join(outDir, 'heartbeat.ts'));
    log.length = 0;
    expect(run('--check')).toBe(1);
    expect(log.slice(1)).toEqual(['  heartbeat.ts', '  produce.ts']);

    expect(run()).toBe(0);
    expect(diffGenerated(outDir, files)).toEqual([]);
  });

  it('removes stale generated files but never a hand-written one', () => {
    writeGenerated(outDir, files);
    writeFileSync(join(outDir, 'removed-api.ts'), `${GENERATED_MARKER} long ago\nexport {};\n`);
    writeFileSync(join(outDir, 'notes.ts'), '// written by a person\nexport {};\n');
    expect(diffGenerated(outDir, files)).toEqual(['removed-api.ts']);
    expect(writeGenerated(outDir, files)).toEqual(['removed-api.ts']);
    expect(existsSync(join(outDir, 'removed-api.ts'))).toBe(false);
    expect(existsSync(join(outDir, 'notes.ts'))).toBe(true);
  });

  it('rejects unknown arguments', () => {
    expect(run('--frobnicate')).toBe(2);
  });
});
