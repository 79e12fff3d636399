// Field defaults. The spec writes `default` as a string ("-1", "null", "0x7fffffff", "false", "")
// and occasionally as a bare JSON number or null; it is parsed according to the field type, with
// Kafka's implicit defaults (0, false, "", empty, zero UUID) when absent.
import { ZERO_UUID } from '../primitives/uuid.js';
import type { FieldType } from './model.js';
import { tsString } from './naming.js';

export interface DefaultValue {
  /** The default as a TS expression (struct defaults are cast by the emitter). */
  readonly ts: string;
  /** The same value at generation time, for tests that build messages from the model. */
  readonly value: unknown;
}

const INT_RANGES: Record<string, readonly [number, number]> = {
  int8: [-128, 127],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  int64: [-(2 ** 63), 2 ** 63],
};

export function parseDefault(
  raw: string | number | boolean | null | undefined,
  type: FieldType,
  nullableSomewhere: boolean,
  nullableEverywhere: boolean,
  where: string,
): DefaultValue {
  if (raw === null || raw === 'null') {
    if (!nullableSomewhere || !nullableEverywhere || (type.kind === 'primitive' && !['string', 'bytes', 'records'].includes(type.name))) {
      throw new Error(`${where}: default null needs a field that is nullable in all its versions`);
    }
    return { ts: 'null', value: null };
  }
  if (type.kind === 'array' || type.kind === 'struct') {
    if (raw !== undefined && raw !== '') throw new Error(`${where}: only null can be the default of ${type.kind} fields`);
    return type.kind === 'array' ? { ts: '[]', value: [] } : { ts: '{}', value: {} };
  }
  const name = type.name;
  if (name in INT_RANGES || name === 'float64') {
    const n = raw === undefined || raw === '' ? 0 : Number(raw);
    if (Number.isNaN(n)) throw new Error(`${where}: bad ${name} default ${JSON.stringify(raw)}`);
    const range = INT_RANGES[name];
    if (range && (!Number.isInteger(n) || n < range[0] || n > range[1])) throw new Error(`${where}: ${name} default ${String(raw)} out of range`);
    return { ts: Object.is(n, -0) ? '0' : String(n), value: n };
  }
  switch (name) {
    case 'bool': {
      if (raw === undefined || raw === false || raw === 'false') return { ts: 'false', value: false };
      if (raw === true || raw === 'true') return { ts: 'true', value: true };
      throw new Error(`${where}: bad bool default ${JSON.stringify(raw)}`);
    }
    case 'string':
      return raw === undefined ? { ts: "''", value: '' } : { ts: tsString(String(raw)), value: String(raw) };
    case 'uuid':
      if (raw !== undefined) throw new Error(`${where}: uuid defaults are not supported`);
      return { ts: 'ZERO_UUID', value: ZERO_UUID };
    case 'bytes':
    case 'records':
      if (raw !== undefined && raw !== '') throw new Error(`${where}: only null can be the default of ${name} fields`);
      // Kafka's records default is null; a field that is never nullable defaults to empty.
      if (name === 'records' && nullableEverywhere) return { ts: 'null', value: null };
      return { ts: 'Buffer.alloc(0)', value: Buffer.alloc(0) };
  }
  throw new Error(`${where}: no default rule for ${name}`);
}
