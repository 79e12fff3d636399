import { describe, expect, it } from 'vitest';
import {
  apiMessagesByKey, isFlexibleVersion, requestHeaderVersion, responseHeaderVersion,
} from '../../../../broker-runtime/protocol/generated/index.js';
import {
  decodeRequestHeader, decodeResponseHeader, encodeRequestHeader, encodeResponseHeader,
} from '../../../../broker-runtime/protocol/generated/headers.js';
import { GENERATED_APIS } from '../../../../broker-runtime/protocol/generator/apis.js';
import { MalformedMessageError, Reader } from '../../../../broker-runtime/protocol/primitives/reader.js';
import { Writer } from '../../../../broker-runtime/protocol/primitives/writer.js';

const hexOf = (write: (w: Writer) => void): string => {
  const w = new Writer();
  write(w);
  return w.toBuffer().toString('hex');
};

describe('header versions', () => {
  it.each([
    // apiKey, apiVersion, request header, response header
    [0, 8, 1, 0], [0, 9, 2, 1], // Produce becomes flexible in v9
    [1, 11, 1, 0], [1, 12, 2, 1],
    [3, 8, 1, 0], [3, 9, 2, 1],
    [18, 2, 1, 0], [18, 3, 2, 0], [18, 4, 2, 0], // ApiVersions responses always use header v0
    [18, 99, 2, 0], // an unknown ApiVersions version still has a v2 request header
    [7, 0, 0, 0], [7, 1, 1, 0], [7, 3, 2, 1], // ControlledShutdown v0 alone uses request header v0
    [17, 1, 1, 0], // SaslHandshake is never flexible
    [60, 0, 2, 1], // DescribeCluster is flexible from v0
    [1000, 0, 1, 0], // unknown API keys are treated as not flexible
  ])('api %d v%d: request header v%d, response header v%d', (apiKey, apiVersion, request, response) => {
    expect(requestHeaderVersion(apiKey, apiVersion)).toBe(request);
    expect(responseHeaderVersion(apiKey, apiVersion)).toBe(response);
  });

  it('agrees with every generated codec about flexible versions', () => {
    for (const api of apiMessagesByKey.values()) {
      for (let v = api.minVersion; v <= api.maxVersion; v++) {
        expect(isFlexibleVersion(api.apiKey, v)).toBe(api.firstFlexibleVersion !== null && v >= api.firstFlexibleVersion);
      }
    }
  });
});

describe('request and response headers', () => {
  const header = { requestApiKey: 3, requestApiVersion: 12, correlationId: 258, clientId: 'cli' };

  it('writes ClientId with an int16 length in every version, and tagged fields only in v2', () => {
    expect(hexOf((w) => encodeRequestHeader(w, header, 0))).toBe('0003000c00000102');
    expect(hexOf((w) => encodeRequestHeader(w, header, 1))).toBe('0003000c00000102' + '0003636c69');
    expect(hexOf((w) => encodeRequestHeader(w, header, 2))).toBe('0003000c00000102' + '0003636c69' + '00');
    expect(hexOf((w) => encodeRequestHeader(w, { ...header, clientId: null }, 2))).toBe('0003000c00000102' + 'ffff' + '00');
  });

  it('reads every header version back, v0 without a client id', () => {
    for (const version of [1, 2]) {
      const w = new Writer();
      encodeRequestHeader(w, header, version);
      expect(decodeRequestHeader(new Reader(w.toBuffer()), version)).toEqual(header);
    }
    expect(decodeRequestHeader(new Reader(Buffer.from('0007000000000001', 'hex')), 0)).toEqual({
      requestApiKey: 7, requestApiVersion: 0, correlationId: 1, clientId: '',
    });
  });

  it('skips unknown tags in a v2 request header', () => {
    const bytes = Buffer.from('0012000300000001' + '0001' + '41' + '01' + '0502abcd' + 'ff', 'hex');
    const r = new Reader(bytes);
    expect(decodeRequestHeader(r, 2)).toEqual({ requestApiKey: 18, requestApiVersion: 3, correlationId: 1, clientId: 'A' });
    expect(r.remaining()).toBe(1);
  });

  it('writes and reads response headers v0 and v1', () => {
    expect(hexOf((w) => encodeResponseHeader(w, { correlationId: 5 }, 0))).toBe('00000005');
    expect(hexOf((w) => encodeResponseHeader(w, { correlationId: 5 }, 1))).toBe('0000000500');
    expect(decodeResponseHeader(new Reader(Buffer.from('0000000500', 'hex')), 1)).toEqual({ correlationId: 5 });
    expect(() => decodeResponseHeader(new Reader(Buffer.from('00000005', 'hex')), 1)).toThrow(MalformedMessageError);
    expect(() => decodeResponseHeader(new Reader(Buffer.alloc(8)), 2)).toThrow(MalformedMessageError);
  });
});

describe('apiMessagesByKey', () => {
  it('holds every generated API under its key with its version facts', () => {
    expect(apiMessagesByKey.size).toBe(GENERATED_APIS.length);
    const produce = apiMessagesByKey.get(0);
    expect(produce).toMatchObject({ name: 'Produce', minVersion: 0, maxVersion: 11, firstFlexibleVersion: 9, deprecatedVersions: [0, 6], latestVersionUnstable: false });
    expect(apiMessagesByKey.get(47)).toMatchObject({ name: 'OffsetDelete', firstFlexibleVersion: null, deprecatedVersions: null });
    expect(apiMessagesByKey.get(18)).toMatchObject({ name: 'ApiVersions', maxVersion: 4, firstFlexibleVersion: 3 });
    expect([...apiMessagesByKey.keys()]).toEqual([...apiMessagesByKey.keys()].sort((a, b) => a - b));
  });
});
