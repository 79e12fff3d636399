// The broker's BufferPool: memory comes back only when its lease is released, and only then is
// it handed out again; what a live lease holds is never overwritten by another lease.
import { describe, expect, it } from 'vitest';
import { BufferPool } from '../../../broker-runtime/network/buffer-pool.js';

const SLAB = 64 * 1024;

describe('BufferPool', () => {
  it('reuses a slab only after every lease holding part of it is released', () => {
    const pool = new BufferPool({ slabBytes: SLAB });
    const first = pool.lease();
    const a = first.allocate(1000).fill(0xaa);
    const second = pool.lease();
    const b = second.allocate(1000).fill(0xbb);
    expect(b.buffer).toBe(a.buffer); // one slab, two leases
    first.release();
    // the slab is still held by `second`: new memory must not overlap b
    const third = pool.lease();
    const c = third.allocate(1000).fill(0xcc);
    expect(b.every((x) => x === 0xbb)).toBe(true);
    expect(c.byteOffset).toBeGreaterThanOrEqual(b.byteOffset + b.length);
    second.release();
    third.release();
    // now nobody holds the slab: the next lease starts at its beginning again
    const fourth = pool.lease();
    const d = fourth.allocate(1000);
    expect(d.buffer).toBe(a.buffer);
    expect(d.byteOffset).toBe(a.byteOffset);
    fourth.release();
  });

  it('moves to a fresh slab when the current one is full, and recycles the full one once released', () => {
    const pool = new BufferPool({ slabBytes: SLAB });
    const lease = pool.lease();
    const parts = Array.from({ length: 6 }, (_, i) => lease.allocate(SLAB / 4).fill(i));
    const slabs = new Set(parts.map((p) => p.buffer));
    expect(slabs.size).toBe(2);
    parts.forEach((p, i) => expect(p.every((x) => x === i)).toBe(true));
    expect(pool.freeSlabs).toBe(0);
    lease.release();
    expect(pool.freeSlabs).toBe(1); // the full one; the current one stays current
    const next = pool.lease();
    const reused = next.allocate(SLAB / 4);
    expect(slabs.has(reused.buffer)).toBe(true);
    next.release();
  });

  it('gives requests larger than a quarter slab memory of their own, and empty requests nothing', () => {
    const pool = new BufferPool({ slabBytes: SLAB });
    const lease = pool.lease();
    const small = lease.allocate(16);
    const big = lease.allocate(SLAB / 4 + 1);
    expect(big.buffer).not.toBe(small.buffer);
    expect(big.length).toBe(SLAB / 4 + 1);
    expect(lease.allocate(0).length).toBe(0);
    lease.release();
  });

  it('aligns every buffer to 8 bytes and refuses to allocate from a released lease', () => {
    const pool = new BufferPool({ slabBytes: SLAB });
    const lease = pool.lease();
    for (const size of [1, 3, 13, 100]) expect(lease.allocate(size).byteOffset % 8).toBe(0);
    lease.release();
    lease.release(); // a second release does nothing
    expect(() => lease.allocate(8)).toThrow(/released/);
  });
});
