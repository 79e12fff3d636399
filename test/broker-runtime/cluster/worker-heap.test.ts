// The initial old-generation size the broker workers get: set unless the user chose one.
import { describe, expect, it } from 'vitest';
import { INITIAL_OLD_SPACE_MB, initialHeapFlag } from '../../../broker-runtime/cluster/worker-heap.js';

describe('initialHeapFlag', () => {
  it('asks for the initial old space size when none is given', () => {
    expect(initialHeapFlag(['--enable-source-maps'], '--max-old-space-size=4096')).toBe(`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`);
    expect(initialHeapFlag([], undefined)).toBe(`--initial-old-space-size=${INITIAL_OLD_SPACE_MB}`);
  });

  it('leaves a size given on the command line or in NODE_OPTIONS alone, in either spelling', () => {
    expect(initialHeapFlag(['--initial-old-space-size=256'], undefined)).toBeNull();
    expect(initialHeapFlag([], '--trace-gc --initial_old_space_size=32')).toBeNull();
    expect(initialHeapFlag(['--initial-heap-size=128'], '')).toBeNull();
  });
});
