// The packaging config (electron.config.ts) checked offline: electron-builder's `dir` target runs
// for real, but on a STAND-IN Electron binary (a shell script; the real one cannot be downloaded
// here), so this proves what the app holds (entry, preload, UI, workers, native modules) and what
// it leaves out, not that Electron runs it. Needs `npm run build` first (`npm test` builds).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options?: object): string[];
  extractFile(archive: string, file: string): Buffer;
  statFile(archive: string, file: string): { unpacked?: boolean };
};

const repo = fileURLToPath(new URL('../../..', import.meta.url));
const BUILT = [
  'dist/main/app/main.js',
  'dist/main/ipc/api-handlers.js',
  'dist/preload/preload.cjs',
  'dist/renderer/index.html',
  'dist/broker-runtime/index.js',
  'dist/broker-runtime/cluster/broker-worker.js',
  'dist/broker-runtime/cluster/coordinator-worker.js',
];
const WORKER_ENTRIES = ['dist/broker-runtime/cluster/broker-worker.js', 'dist/broker-runtime/cluster/coordinator-worker.js'];

describe('packaging with electron-builder (dir target, stand-in electron binary)', () => {
  let work: string;
  let archive: string;
  let unpacked: string;
  let entries: string[];
  let seconds: number;

  beforeAll(async () => {
    const missing = BUILT.filter((file) => !existsSync(path.join(repo, file)));
    if (missing.length > 0) throw new Error(`not built: ${missing.join(', ')}. Run \`npm run build\` first (npm test does).`);
    work = await mkdtemp(path.join(os.tmpdir(), 'oxbow-packaging-'));
    const electronDist = path.join(work, 'electron-dist');
    await mkdir(electronDist);
    const standIn = path.join(electronDist, 'electron');
    await writeFile(standIn, '#!/bin/sh\necho "stand-in electron binary: packaging check only" >&2\nexit 1\n');
    await chmod(standIn, 0o755);

    const started = performance.now();
    await promisify(execFile)(process.execPath, [
      require.resolve('electron-builder/cli.js'),
      '-c', 'electron.config.ts', '--linux', 'dir', '--x64', '--publish', 'never',
      `-c.electronDist=${electronDist}`, `-c.directories.output=${path.join(work, 'out')}`,
    ], { cwd: repo, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' }, maxBuffer: 16 * 1024 * 1024 });
    seconds = (performance.now() - started) / 1000;

    const resources = path.join(work, 'out', 'linux-unpacked', 'resources');
    archive = path.join(resources, 'app.asar');
    unpacked = path.join(resources, 'app.asar.unpacked');
    entries = asar.listPackage(archive).map((entry) => entry.replaceAll('\\', '/').replace(/^\//, ''));
  }, 120_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs offline in reasonable time', () => {
    console.info(`electron-builder dir target: ${seconds.toFixed(1)} s`);
    expect(seconds).toBeLessThan(60);
  });

  it('makes the shell the packaged entry, leaving package.json\'s library entry alone in the repo', () => {
    const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; type: string };
    expect(packaged.main).toBe('dist/main/app/main.js');
    expect(packaged.type).toBe('module');
    expect(entries).toContain(packaged.main);
  });

  it('holds the main process, the preload and the renderer', () => {
    for (const file of ['dist/main/app/main.js', 'dist/main/app/desktop-app.js', 'dist/main/ipc/api-handlers.js', 'dist/main/contract/index.js', 'dist/main/host/api-dispatcher.js', 'dist/preload/preload.cjs', 'dist/renderer/index.html']) {
      expect(entries, file).toContain(file);
    }
  });

  it('unpacks the worker entry files and the engine they import onto disk', () => {
    for (const file of [...WORKER_ENTRIES, 'dist/broker-runtime/index.js']) {
      expect(entries, file).toContain(file);
      expect(asar.statFile(archive, file).unpacked, `${file} unpacked`).toBe(true);
      expect(existsSync(path.join(unpacked, file)), `${file} in app.asar.unpacked`).toBe(true);
    }
  });

  it('unpacks every native module, with the production dependencies the engine loads', () => {
    const natives = entries.filter((entry) => entry.endsWith('.node'));
    expect(natives.length).toBeGreaterThanOrEqual(4);
    for (const file of natives) expect(existsSync(path.join(unpacked, file)), `${file} unpacked`).toBe(true);
    for (const name of ['@node-rs/crc32', 'snappy', 'lz4-napi', 'zstd-napi', 'kafkajs', 'zod', 'node-cron']) {
      expect(entries, name).toContain(`node_modules/${name}/package.json`);
    }
  });

  it('leaves out tests, benchmarks, scratch, TypeScript sources and devDependencies', () => {
    const outside = entries.filter((entry) => !entry.startsWith('node_modules/'));
    const forbidden = /^(test|bench|scratch|broker-runtime|main|renderer|dist\/test|dist\/bench)(\/|$)/;
    expect(outside.filter((entry) => forbidden.test(entry))).toEqual([]);
    expect(outside.filter((entry) => entry.endsWith('.ts') || entry.endsWith('.map'))).toEqual([]);
    for (const dev of ['electron', 'electron-builder', 'vite', 'vitest', 'react', '@mantine/core', 'typescript', 'playwright-core']) {
      expect(entries, dev).not.toContain(`node_modules/${dev}`);
    }
  });
});
