// FrameAssembler: frames split anywhere across reads of one reused buffer come out whole and
// unchanged, in the memory the owner allocated; a bad size stops it before any allocation.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../../broker-runtime/network/frame-assembler.js';

function framed(bodies: Buffer[]): Buffer {
  return Buffer.concat(bodies.flatMap((b) => {
    const prefix = Buffer.alloc(4);
    prefix.writeInt32BE(b.length, 0);
    return [prefix, b];
  }));
}

describe('FrameAssembler', () => {
  it('hands out every frame whole however the bytes are cut, though the read buffer is reused', () => {
    fc.assert(fc.property(
      fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
      fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
      (bodies, cuts) => {
        const expected = bodies.map((b) => Buffer.from(b));
        const stream = framed(expected);
        const sizes: number[] = [];
        const assembler = new FrameAssembler(1024, (size) => {
          sizes.push(size);
          return Buffer.alloc(size);
        });
        const out: Buffer[] = [];
        const readBuffer = Buffer.alloc(97);
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const n = stream.copy(readBuffer, 0, at, at + cuts[i % cuts.length]);
          at += n;
          assembler.push(readBuffer.subarray(0, n), (frame) => out.push(Buffer.from(frame)));
          readBuffer.fill(0xee); // what a later read would do to the bytes
        }
        expect(out).toEqual(expected);
        expect(sizes).toEqual(expected.map((b) => b.length));
      },
    ));
  });

  it('stops at a size outside the limit without allocating it, after handing out the frames before it', () => {
    const allocated: number[] = [];
    const assembler = new FrameAssembler(100, (size) => {
      allocated.push(size);
      return Buffer.alloc(size);
    });
    const out: Buffer[] = [];
    const tooLarge = Buffer.alloc(4);
    tooLarge.writeInt32BE(101, 0);
    assembler.push(Buffer.concat([framed([Buffer.from('ok')]), tooLarge, framed([Buffer.from('never')])]), (f) => out.push(f));
    expect(out.map(String)).toEqual(['ok']);
    expect(allocated).toEqual([2]);
    expect(assembler.error?.size).toBe(101);
  });
});
