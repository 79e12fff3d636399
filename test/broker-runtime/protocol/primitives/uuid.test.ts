import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ZERO_UUID, isUuid, uuidFromBytes, uuidFromHex, uuidToBytes, uuidToHex,
} from '../../../../broker-runtime/protocol/primitives/uuid.js';

describe('UUID strings', () => {
  it('uses Kafka\'s base64url text form, zero UUID included', () => {
    expect(uuidFromBytes(Buffer.alloc(16))).toBe(ZERO_UUID);
    // Kafka prints this UUID (hex 0a0b...) as the same 22 characters.
    const bytes = Buffer.from('0a0b0c0d0e0f101112131415161718ff', 'hex');
    expect(uuidFromBytes(bytes)).toBe('CgsMDQ4PEBESExQVFhcY_w');
    expect(uuidToHex('CgsMDQ4PEBESExQVFhcY_w')).toBe('0a0b0c0d-0e0f-1011-1213-1415161718ff');
    expect(uuidFromHex('0a0b0c0d-0e0f-1011-1213-1415161718ff')).toBe('CgsMDQ4PEBESExQVFhcY_w');
  });

  it('maps every 16 bytes to exactly one valid string and back', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (raw) => {
      const s = uuidFromBytes(raw);
      expect(isUuid(s)).toBe(true);
      expect(uuidToBytes(s)).toEqual(Buffer.from(raw));
    }));
  });

  it('rejects other lengths and forms', () => {
    expect(() => uuidFromBytes(Buffer.alloc(15))).toThrow();
    expect(isUuid('AAAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(isUuid('AAAAAAAAAAAAAAAAAAAAA+')).toBe(false);
    expect(() => uuidFromHex('xyz')).toThrow();
  });
});
