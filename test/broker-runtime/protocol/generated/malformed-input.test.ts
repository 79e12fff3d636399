// Whatever a peer sends, a decoder returns or throws MalformedMessageError: never RangeError,
// never another error, never a hang (vitest's timeout would catch one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MalformedMessageError, Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';
import { apisUnderTest, messageArbitrary, versionsOf, type Message } from './model-arbitrary.js';

function decodesOrRejects(decode: (r: Reader, version: number) => unknown, bytes: Uint8Array, version: number): 'ok' | 'malformed' {
  try {
    decode(new Reader(Buffer.from(bytes)), version);
    return 'ok';
  } catch (err) {
    if (err instanceof MalformedMessageError) return 'malformed';
    throw err;
  }
}

describe.each(apisUnderTest())('$name on malformed input', ({ api, request, response }) => {
  const sides = [
    [request, api.encodeRequest, api.decodeRequest],
    [response, api.encodeResponse, api.decodeResponse],
  ] as const;

  it('random bytes never throw anything but MalformedMessageError', () => {
    for (const [model, , decode] of sides) {
      for (const version of versionsOf(model)) {
        fc.assert(fc.property(fc.uint8Array({ maxLength: 48 }), (bytes) => {
          decodesOrRejects(decode, bytes, version);
        }), { numRuns: 25 });
      }
    }
  });

  it('every strict prefix of a valid encoding is rejected', () => {
    for (const [model, encode, decode] of sides) {
      for (const version of versionsOf(model)) {
        fc.assert(fc.property(messageArbitrary(model, version), (value: Message) => {
          const w = new Writer();
          encode(w, value, version);
          const bytes = w.toBuffer();
          // A decoder follows the same path as on the whole message until it runs out of bytes.
          for (let cut = 0; cut < bytes.length; cut++) {
            expect(decodesOrRejects(decode, bytes.subarray(0, cut), version)).toBe('malformed');
          }
        }), { numRuns: 3 });
      }
    }
  });

  it('valid encodings with corrupted bytes never throw anything but MalformedMessageError', () => {
    for (const [model, encode, decode] of sides) {
      for (const version of versionsOf(model)) {
        const corrupted = fc.tuple(messageArbitrary(model, version), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }));
        fc.assert(fc.property(corrupted, ([value, edits]) => {
          const w = new Writer();
          encode(w, value, version);
          const bytes = Buffer.from(w.toBuffer());
          if (bytes.length === 0) return;
          for (const [at, b] of edits) bytes[at % bytes.length] = b;
          decodesOrRejects(decode, bytes, version);
        }), { numRuns: 10 });
      }
    }
  });

  it('a version outside the range is rejected as malformed', () => {
    expect(() => api.decodeRequest(new Reader(Buffer.alloc(64)), api.maxVersion + 1)).toThrow(MalformedMessageError);
    expect(() => api.decodeResponse(new Reader(Buffer.alloc(64)), -1)).toThrow(MalformedMessageError);
    expect(() => api.encodeRequest(new Writer(), {}, api.maxVersion + 1)).toThrow(/cannot encode/);
  });
});
