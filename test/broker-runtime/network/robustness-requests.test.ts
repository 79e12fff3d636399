// Property tests of request handling under hostile input: valid headers naming unknown API keys or
// unsupported versions, and valid requests with random mutations (header or body). The broker must
// answer with Kafka's error codes where they are determined, or close the connection where Kafka
// does, while a well-behaved client next to the fuzz keeps being served (CLIENTS.md 4.1, 4.2, 6).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Heartbeat, ListGroups } from '../../../broker-runtime/protocol/generated/index.js';
import { encodeRequestPayload, sizePrefixed } from '../../helpers/frames.js';
import { type CaseOutcome, runCase } from './fuzz-case.js';
import { type FuzzBench, arbCorrelationId, arbCuts, startFuzzBench, withCorrelationId } from './fuzz-world.js';

interface Case {
  bytes: Buffer;
  cuts: number[];
}

type Tally = Record<CaseOutcome, number>;

type Mutation =
  | { op: 'set'; at: number; byte: number }
  | { op: 'flip'; at: number; bit: number }
  | { op: 'int'; at: number; width: 2 | 4; value: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number };

const INTERESTING_INTS = [-1, 0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 1000, 0x7fff, -0x8000, 0x7fffffff, -0x80000000];

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('int' as const), at: fc.nat(), width: fc.constantFrom(2 as const, 4 as const), value: fc.constantFrom(...INTERESTING_INTS) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
);

/** Applies the mutations in order; positions are taken modulo the current length. */
function mutate(payload: Buffer, mutations: readonly Mutation[]): Buffer {
  let buf = Buffer.from(payload);
  for (const m of mutations) {
    if (m.op === 'insert') {
      const at = m.at % (buf.length + 1);
      buf = Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
      continue;
    }
    if (buf.length === 0) continue;
    const at = m.at % buf.length;
    if (m.op === 'set') buf[at] = m.byte;
    else if (m.op === 'flip') buf[at] ^= 1 << m.bit;
    else if (m.op === 'delete') buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.length)]);
    else if (at + m.width <= buf.length) {
      if (m.width === 2) buf.writeInt16BE((m.value << 16) >> 16, at);
      else buf.writeInt32BE(m.value | 0, at);
    }
  }
  return buf;
}

let bench: FuzzBench;

beforeAll(async () => {
  bench = await startFuzzBench();
});

afterAll(async () => {
  await bench?.close();
});

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
const clampInt16 = (n: number): number => Math.max(-0x8000, Math.min(0x7fff, n));

describe('robustness of request handling (property-based)', () => {
  it('unknown API keys and unsupported versions close the connection (ApiVersions answers with error 35)', async () => {
    const tally = newTally();
    const { advertised } = bench.world;
    // Well-formed requests of APIs this broker may not serve: judged against what it advertises.
    const unserved = [
      encodeRequestPayload({ messages: Heartbeat, version: 0, correlationId: 0, request: { groupId: 'g', generationId: 1, memberId: 'm' } }),
      encodeRequestPayload({ messages: ListGroups, version: 3, correlationId: 0, request: {} }),
    ];
    const arbUnknownKey = fc.integer({ min: -0x8000, max: 0x7fff }).filter((k) => !advertised.has(k));
    const arbFrame = fc
      .tuple(
        fc.constantFrom(...bench.templates, ...unserved),
        arbCorrelationId,
        fc.oneof(
          arbUnknownKey.map((key) => ({ key })),
          fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 0x7fff })).map(([above, delta]) => ({ above, delta })),
          fc.constant({}),
        ),
      )
      .map(([template, id, change]) => {
        const payload = withCorrelationId(template, id);
        if ('key' in change) payload.writeInt16BE(change.key, 0);
        if ('delta' in change) {
          const range = advertised.get(payload.readInt16BE(0));
          const base = change.above ? (range?.maxVersion ?? 0) + change.delta : (range?.minVersion ?? 0) - change.delta;
          payload.writeInt16BE(clampInt16(base), 2);
        }
        return sizePrefixed(payload);
      });
    const arbCase = fc
      .record({ frames: fc.array(arbFrame, { minLength: 1, maxLength: 3 }), cuts: arbCuts })
      .map(({ frames, cuts }): Case => ({ bytes: Buffer.concat(frames), cuts }));
    await fc.assert(fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 4 }), (cases) => runBatch(cases, tally)), { numRuns: 300 });
    await checkSteadyAndLog();
    expect(tally.closed).toBeGreaterThan(0);
    expect(tally.answered).toBeGreaterThan(0);
  });

  it('valid requests with random mutations get Kafka error codes or a closed connection, never garbage', async () => {
    const tally = newTally();
    const arbMutated = fc
      .tuple(fc.constantFrom(...bench.templates), arbCorrelationId, fc.array(arbMutation, { minLength: 1, maxLength: 4 }))
      .map(([template, id, mutations]) => sizePrefixed(mutate(withCorrelationId(template, id), mutations)));
    const arbCase = fc
      .record({ frames: fc.array(arbMutated, { minLength: 1, maxLength: 2 }), cuts: arbCuts })
      .map(({ frames, cuts }): Case => ({ bytes: Buffer.concat(frames), cuts }));
    await fc.assert(fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 4 }), (cases) => runBatch(cases, tally)), { numRuns: 1500 });
    await checkSteadyAndLog();
    expect(tally.answered).toBeGreaterThan(0);
    expect(tally.closed).toBeGreaterThan(0);
  });
});
