// Reusable memory for the bytes a broker moves out: the records a fetch response reads from
// segment files. Why: every fresh Buffer is an ArrayBuffer that V8 counts as external memory, and
// external memory makes V8 collect however small the heap is; moving a gigabyte through a broker
// in fresh Buffers kept its collector busy (bench/cluster-bench.ts under perf).
//
// Memory is handed out in leases: a lease takes buffers from fixed-size slabs and gives them all
// back at once, when whatever used them is done (the response written to the socket). A slab is reused once no open lease holds any part of it.
// Invariant: a buffer from a lease must not be read or kept after the lease is released. A lease
// that is never released only costs reuse: its slabs are left to the garbage collector.
// Threading contract: a pool belongs to one thread (one broker worker).

export interface BufferPoolOptions {
  /** Size of one slab. Requests larger than a quarter of it get memory of their own. */
  slabBytes?: number;
  /** Free slabs kept for reuse, at most. */
  maxFreeSlabs?: number;
}

/** Gives out `size` bytes of uninitialised memory. */
export type AllocateBuffer = (size: number) => Buffer;

interface Slab {
  readonly memory: Buffer;
  used: number;
  /** Open leases holding part of this slab. */
  holders: number;
}

const EMPTY = Buffer.alloc(0);

export class BufferPool {
  private readonly slabBytes: number;
  private readonly maxFreeSlabs: number;
  private readonly free: Slab[] = [];
  private current: Slab | null = null;

  constructor(options: BufferPoolOptions = {}) {
    this.slabBytes = options.slabBytes ?? 4 * 1024 * 1024;
    this.maxFreeSlabs = options.maxFreeSlabs ?? 4;
  }

  lease(): BufferLease {
    return new BufferLease(this);
  }

  /** Slabs waiting for reuse (for tests and stats). */
  get freeSlabs(): number {
    return this.free.length;
  }

  /** @internal Called by BufferLease.allocate. */
  take(size: number, held: Set<Slab>): Buffer {
    if (size === 0) return EMPTY;
    if (size > this.slabBytes / 4) return Buffer.allocUnsafeSlow(size);
    let slab = this.current;
    if (!slab || slab.used + size > this.slabBytes) {
      if (slab) this.retire(slab);
      slab = this.free.pop() ?? { memory: Buffer.allocUnsafeSlow(this.slabBytes), used: 0, holders: 0 };
      this.current = slab;
    }
    if (!held.has(slab)) {
      held.add(slab);
      slab.holders++;
    }
    const start = slab.used;
    // 8-byte alignment keeps every buffer's int64 reads aligned, as a fresh allocation's are.
    slab.used = start + ((size + 7) & ~7);
    return slab.memory.subarray(start, start + size);
  }

  /** @internal Called by BufferLease.release. */
  giveBack(held: Set<Slab>): void {
    for (const slab of held) {
      slab.holders--;
      if (slab.holders > 0) continue;
      if (slab === this.current) slab.used = 0;
      else this.recycle(slab);
    }
  }

  /** The current slab is full: it is reused at once if nobody holds it, else when its last holder lets go. */
  private retire(slab: Slab): void {
    this.current = null;
    if (slab.holders === 0) this.recycle(slab);
  }

  private recycle(slab: Slab): void {
    slab.used = 0;
    if (this.free.length < this.maxFreeSlabs) this.free.push(slab);
  }
}

/** Buffers given back together. Invariant: release() is the only way memory returns to the pool. */
export class BufferLease {
  private readonly held = new Set<Slab>();
  private released = false;
  /** A bound allocate function, to pass down to readers that take an AllocateBuffer. */
  readonly allocate: AllocateBuffer = (size) => {
    if (this.released) throw new Error('allocate from a released buffer lease');
    return this.pool.take(size, this.held);
  };

  constructor(private readonly pool: BufferPool) {}

  /** Gives every buffer of this lease back. Later calls do nothing. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.pool.giveBack(this.held);
    this.held.clear();
  }
}
