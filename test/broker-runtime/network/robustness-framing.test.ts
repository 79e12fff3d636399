// Property tests of the broker's framing under hostile input: random bytes, frames cut short and
// size prefixes Kafka refuses. Each case runs on its own connection, several at once, next to a
// well-behaved client that must keep being served correctly (CLIENTS.md 4.1, 4.2).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sizePrefixed } from '../../helpers/frames.js';
import { type CaseOutcome, runCase } from './fuzz-case.js';
import { type FuzzBench, arbBadSize, arbCuts, arbRandomBody, arbTemplateFrame, startFuzzBench } from './fuzz-world.js';

interface Case {
  bytes: Buffer;
  cuts: number[];
}

type Tally = Record<CaseOutcome, number>;

let bench: FuzzBench;

beforeAll(async () => {
  bench = await startFuzzBench();
});

afterAll(async () => {
  await bench?.close();
});

/** Runs the cases concurrently, each on its own connection, with one round trip of the steady client. */
async function runBatch(cases: Case[], tally: Tally): Promise<void> {
  const [outcomes] = await Promise.all([
    Promise.all(cases.map((c) => runCase(bench.port, bench.world, c.bytes, c.cuts))),
    bench.steady.roundTrip(),
  ]);
  for (const outcome of outcomes) tally[outcome]++;
}

async function checkSteadyAndLog(): Promise<void> {
  await bench.steady.verifyLog();
  expect(bench.loggedErrors()).toEqual([]);
}

const newTally = (): Tally => ({ answered: 0, closed: 0, unsure: 0 });

describe('robustness of framing (property-based)', () => {
  it('random bytes, alone or after valid requests, get correct answers or a closed connection', async () => {
    const tally = newTally();
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
      fc.uint8Array({ maxLength: 64 }).map((b) => sizePrefixed(Buffer.from(b))),
      arbRandomBody(bench),
    );
    const arbCase = fc
      .record({ lead: fc.array(arbTemplateFrame(bench), { maxLength: 2 }), junk, cuts: arbCuts })
      .map(({ lead, junk: tail, cuts }): Case => ({ bytes: Buffer.concat([...lead, tail]), cuts }));
    await fc.assert(fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 4 }), (cases) => runBatch(cases, tally)), { numRuns: 600 });
    await checkSteadyAndLog();
    expect(tally.answered).toBeGreaterThan(0);
    expect(tally.closed).toBeGreaterThan(0);
  });

  it('valid requests cut at any byte are answered up to the cut, then the broker waits (no answer, no close)', async () => {
    const tally = newTally();
    const arbCase = fc
      .record({ frames: fc.array(arbTemplateFrame(bench), { minLength: 1, maxLength: 3 }), cut: fc.nat(), cuts: arbCuts })
      .map(({ frames, cut, cuts }): Case => {
        const all = Buffer.concat(frames);
        return { bytes: all.subarray(0, cut % all.length), cuts };
      });
    await fc.assert(fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 4 }), (cases) => runBatch(cases, tally)), { numRuns: 300 });
    await checkSteadyAndLog();
    // Templates are valid, so nothing here is a reason to close: every case ends by our half-close.
    expect(tally.closed).toBe(0);
  });

  it('a negative or oversized size prefix closes the connection, after or without valid requests', async () => {
    const tally = newTally();
    const arbCase = fc
      .record({ lead: fc.array(arbTemplateFrame(bench), { maxLength: 2 }), size: arbBadSize, tail: fc.uint8Array({ maxLength: 64 }), cuts: arbCuts })
      .map(({ lead, size, tail, cuts }): Case => ({ bytes: Buffer.concat([...lead, size, tail]), cuts }));
    await fc.assert(fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 4 }), (cases) => runBatch(cases, tally)), { numRuns: 250 });
    await checkSteadyAndLog();
    expect(tally.answered).toBe(0);
    expect(tally.closed).toBeGreaterThan(0);
  });
});
