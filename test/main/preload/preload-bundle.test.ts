// The built preload (dist/preload/preload.cjs) as a sandboxed renderer loads it: one CommonJS
// script whose only import is `electron`. Needs `npm run build` first (`npm test` builds).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../../../main/contract/index.js';

const bundle = fileURLToPath(new URL('../../../dist/preload/preload.cjs', import.meta.url));

describe('preload bundle', () => {
  it('is CommonJS that requires nothing but electron, and exposes the contract', () => {
    if (!existsSync(bundle)) throw new Error('dist/preload/preload.cjs is not built: run `npm run build` first (npm test does).');
    const exposeInMainWorld = vi.fn();
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return { contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() } };
    };
    const module = { exports: {} };
    vm.runInNewContext(readFileSync(bundle, 'utf8'), { require: fakeRequire, module, exports: module.exports }, { filename: bundle });
    expect(required).toEqual(['electron']);
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>];
    expect(key).toBe('oxbow');
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
  });
});
