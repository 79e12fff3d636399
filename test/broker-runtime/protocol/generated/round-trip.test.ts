// Every generated message, every version: random value -> encode -> decode -> the same value
// (tagged defaults dropped, record chunks joined), and encoding the decoded value again gives
// identical bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { apisUnderTest, expectedStruct, messageArbitrary, versionsOf, type Message } from './model-arbitrary.js';

const RUNS = 12;

describe.each(apisUnderTest())('$name round trip', ({ api, request, response }) => {
  for (const [model, encode, decode] of [
    [request, api.encodeRequest, api.decodeRequest],
    [response, api.encodeResponse, api.decodeResponse],
  ] as const) {
    it(`${model.name} in versions ${versionsOf(model).join(',')}`, () => {
      for (const version of versionsOf(model)) {
        fc.assert(fc.property(messageArbitrary(model, version), (value: Message) => {
          const w = new Writer(32);
          encode(w, value, version);
          const bytes = w.toBuffer();
          const r = new Reader(bytes);
          const decoded = decode(r, version);
          expect(r.remaining()).toBe(0);
          expect(decoded).toEqual(expectedStruct(model, model.root, value, version));
          const again = new Writer();
          encode(again, decoded, version);
          expect(again.toBuffer()).toEqual(bytes);
        }), { numRuns: RUNS });
      }
    });
  }
});
