// Runs one fuzz case: a fresh connection, the bytes written (in chunks, to cross the broker's
// read boundaries), then every planned answer checked in order, and the connection closed by the
// broker where Kafka closes it, or by our half-close once everything expected has come back.
import { ProbeSocket } from './probe-socket.js';
import { type World, planStream } from './request-oracle.js';

/** Long enough for a loaded CI machine; a broker that hangs fails here instead of stalling the run. */
export const CASE_DEADLINE_MS = 5_000;

export type CaseOutcome = 'answered' | 'closed' | 'unsure';

function fail(message: string): never {
  throw new Error(message);
}

/** `bytes` cut at the given offsets (taken modulo the length, in any order). */
export function chunked(bytes: Buffer, cuts: readonly number[]): Buffer[] {
  if (bytes.length === 0) return [];
  const at = [...new Set(cuts.map((c) => c % bytes.length))].filter((c) => c > 0).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...at, bytes.length]) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

export async function runCase(port: number, world: World, bytes: Buffer, cuts: readonly number[] = []): Promise<CaseOutcome> {
  const plan = planStream(bytes, world);
  const last = plan.expectations.at(-1);
  const stopsAt = last?.kind === 'close' || last?.kind === 'unsure' ? last : null;
  const socket = await ProbeSocket.connect(port);
  try {
    for (const chunk of chunked(bytes, cuts)) await socket.write(chunk);
    for (const e of plan.expectations) {
      if (e.kind !== 'response') continue;
      const frame = await socket.nextFrame(CASE_DEADLINE_MS);
      if (frame === null) fail(`connection closed instead of answering ${e.what}`);
      e.verify(frame);
    }
    let outcome: CaseOutcome;
    if (stopsAt?.kind === 'unsure') {
      socket.end();
      await socket.waitForClose(CASE_DEADLINE_MS);
      outcome = 'unsure';
    } else if (stopsAt?.kind === 'close' || plan.end.kind === 'invalid-size') {
      const extra = await socket.waitForClose(CASE_DEADLINE_MS);
      if (extra.length > 0) fail(`${extra.length} unexpected answer(s) where the broker must close (${stopsAt?.what ?? 'bad size prefix'})`);
      outcome = 'closed';
    } else {
      // Everything planned came back; the broker must not say more, and must close when we do.
      socket.end();
      const extra = await socket.waitForClose(CASE_DEADLINE_MS);
      if (extra.length > 0) fail(`${extra.length} unexpected answer(s) after every request was answered`);
      outcome = 'answered';
    }
    if (socket.garbage) fail(`response stream is not valid framing: ${socket.garbage.message}`);
    if (socket.truncatedResponseBytes > 0) fail(`connection closed in the middle of a response (${socket.truncatedResponseBytes} bytes)`);
    return outcome;
  } finally {
    socket.destroy();
  }
}
