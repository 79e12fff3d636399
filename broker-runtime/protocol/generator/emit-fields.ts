// Emits the statements that read or write one field's value, for one struct context.
//
// Invariant: a struct's functions only ever run for versions in struct.versions, so every version
// condition is computed relative to that range (and drops out when the range decides it).
import type { Code, Imports } from './code.js';
import type { FieldModel, FieldType, MessageModel, PrimitiveName, StructModel } from './model.js';
import { intersect, isEmpty, sameRange, versionCondition, type VersionRange } from './versions.js';

export const READER = '../primitives/reader.js';
export const WRITER = '../primitives/writer.js';
export const UUID = '../primitives/uuid.js';

export interface StructContext {
  readonly message: MessageModel;
  readonly struct: StructModel;
  readonly imports: Imports;
}

/** The versions of the struct in which the field is on the wire. */
export function presentVersions(ctx: StructContext, field: FieldModel): VersionRange {
  return intersect(ctx.struct.versions, field.versions);
}

/** Whether the compact encodings apply: a literal, the struct's `flexible` local, or a condition. */
export function compactCondition(ctx: StructContext, field: FieldModel): string | boolean {
  const c = versionCondition(field.flexibleVersions, presentVersions(ctx, field));
  if (typeof c === 'boolean') return c;
  return sameRange(field.flexibleVersions, ctx.message.flexibleVersions) ? 'flexible' : `(${c})`;
}

function nullableCondition(ctx: StructContext, field: FieldModel): string | boolean {
  const c = versionCondition(field.nullableVersions, presentVersions(ctx, field));
  return typeof c === 'boolean' ? c : `(${c})`;
}

/** `(x)` -> `x` argument list for the optional `compact` parameter of Reader/Writer methods. */
function compactArg(c: string | boolean, leadingComma: boolean): string {
  if (c === false) return '';
  const text = c === true ? 'true' : c;
  return leadingComma ? `, ${text}` : text;
}

export function fieldPath(ctx: StructContext, field: FieldModel): string {
  return `${ctx.struct.tsName}.${field.name}`;
}

const FIXED: Partial<Record<PrimitiveName, string>> = {
  bool: 'bool', int8: 'int8', int16: 'int16', uint16: 'uint16', int32: 'int32', uint32: 'uint32',
  int64: 'int64', float64: 'float64', uuid: 'uuid',
};

const NULLABLE_METHOD: Partial<Record<PrimitiveName, string>> = {
  string: 'nullableString', bytes: 'nullableBytes', records: 'nullableRecords',
};

function readPrimitive(name: PrimitiveName, compact: string | boolean, nullable: string | boolean): string {
  const fixed = FIXED[name];
  if (fixed) return `r.${fixed}()`;
  const arg = compactArg(compact, false);
  const plain = `r.${name}(${arg})`;
  const orNull = `r.${NULLABLE_METHOD[name]}(${arg})`;
  if (nullable === true) return orNull;
  if (nullable === false) return plain;
  return `(${nullable} ? ${orNull} : ${plain})`;
}

function readElement(type: FieldType, compact: string | boolean): string {
  if (type.kind === 'struct') return `read${type.struct.tsName}(r, version)`;
  if (type.kind === 'primitive') return readPrimitive(type.name, compact, false);
  throw new Error('arrays of arrays are not in the specs');
}

export function elementTsType(type: FieldType): string {
  if (type.kind === 'struct') return type.struct.tsName;
  if (type.kind === 'array') return `${elementTsType(type.element)}[]`;
  switch (type.name) {
    case 'bool': return 'boolean';
    case 'uuid': case 'string': return 'string';
    case 'bytes': return 'Buffer';
    case 'records': return 'RecordSet';
    default: return 'number';
  }
}

/**
 * Statements that decode the field and assign it to `target`. `scoped`: the caller has opened a
 * block of its own, so locals need no extra braces.
 */
export function emitRead(code: Code, ctx: StructContext, field: FieldModel, target: string, scoped = false): void {
  const compact = compactCondition(ctx, field);
  const nullable = nullableCondition(ctx, field);
  const type = field.type;
  if (type.kind === 'primitive') {
    code.line(`${target} = ${readPrimitive(type.name, compact, nullable)};`);
    return;
  }
  if (type.kind === 'struct') {
    code.line(`${target} = read${type.struct.tsName}(r, version);`);
    return;
  }
  const malformed = ctx.imports.value(READER, 'MalformedMessageError');
  const nullError = `throw new ${malformed}('null in non-nullable array ${fieldPath(ctx, field)}');`;
  const fill = (): void => {
    code.line(`const a: ${elementTsType(type.element)}[] = [];`);
    code.line(`for (let i = 0; i < n; i++) a.push(${readElement(type.element, compact)});`);
    code.line(`${target} = a;`);
  };
  inBlock(code, scoped, () => {
    code.line(`const n = r.arrayLength(${compactArg(compact, false)});`);
    if (nullable === false) {
      code.line(`if (n < 0) ${nullError}`);
      fill();
      return;
    }
    if (nullable !== true) code.line(`if (n < 0 && !${nullable}) ${nullError}`);
    code.line(`if (n < 0) ${target} = null;`);
    code.block('else {', fill);
  });
}

function inBlock(code: Code, scoped: boolean, body: () => void): void {
  if (scoped) body();
  else code.block('{', body);
}

/** The value to encode: the field, or its default when the caller left it undefined. */
export function valueWithDefault(ctx: StructContext, field: FieldModel, access: string): string {
  const d = defaultExpression(ctx, field);
  return d === 'null' || isEmpty(field.nullableVersions) ? `${access} ?? ${d}` : `(${access} === undefined ? ${d} : ${access})`;
}

export function defaultExpression(ctx: StructContext, field: FieldModel): string {
  if (field.defaultValue.ts === 'ZERO_UUID') ctx.imports.value(UUID, 'ZERO_UUID');
  if (field.type.kind === 'struct' && field.defaultValue.ts === '{}') return `({} as ${field.type.struct.tsName})`;
  return field.defaultValue.ts;
}

/** Statements that encode `value` (an expression that is never undefined) with writer `w`. */
export function emitWrite(code: Code, ctx: StructContext, field: FieldModel, w: string, value: string, scoped = false): void {
  const compact = compactCondition(ctx, field);
  const nullable = nullableCondition(ctx, field);
  const type = field.type;
  const guarded = (): string => {
    if (isEmpty(field.nullableVersions) || nullable === true) return value;
    const nonNull = ctx.imports.value(WRITER, 'nonNull');
    const checked = `${nonNull}(${value}, '${fieldPath(ctx, field)}', version)`;
    return nullable === false ? checked : `${nullable} ? ${value} : ${checked}`;
  };
  if (type.kind === 'struct') {
    code.line(`write${type.struct.tsName}(${w}, ${value}, version);`);
    return;
  }
  if (type.kind === 'primitive') {
    const fixed = FIXED[type.name];
    if (fixed) code.line(`${w}.${fixed}(${value});`);
    else if (nullable === false) code.line(`${w}.${type.name}(${guarded()}${compactArg(compact, true)});`);
    else code.line(`${w}.${NULLABLE_METHOD[type.name]}(${guarded()}${compactArg(compact, true)});`);
    return;
  }
  const writeElement = writeElementExpression(type.element, w, compact);
  inBlock(code, scoped, () => {
    code.line(`const a = ${guarded()};`);
    const fill = (): void => {
      code.line(`${w}.arrayLength(a.length${compactArg(compact, true)});`);
      code.line(`for (const e of a) ${writeElement};`);
    };
    if (nullable === false) {
      fill();
      return;
    }
    code.line(`if (a === null) ${w}.arrayLength(-1${compactArg(compact, true)});`);
    code.block('else {', fill);
  });
}

function writeElementExpression(element: FieldType, w: string, compact: string | boolean): string {
  if (element.kind === 'struct') return `write${element.struct.tsName}(${w}, e, version)`;
  if (element.kind === 'array') throw new Error('arrays of arrays are not in the specs');
  const fixed = FIXED[element.name];
  return fixed ? `${w}.${fixed}(e)` : `${w}.${element.name}(e${compactArg(compact, true)})`;
}

/**
 * For tagged fields: the condition under which `value` differs from the default and is written,
 * or '' for always. NB: Kafka also leaves out a tagged struct equal to its default struct; here
 * any struct the caller sets is written (decoders accept both).
 */
export function nonDefaultCondition(ctx: StructContext, field: FieldModel, value: string): string {
  const d = field.defaultValue.ts;
  const type = field.type;
  if (type.kind === 'struct') return '';
  const hasNull = !isEmpty(field.nullableVersions);
  const emptyish = type.kind === 'array' || (type.kind === 'primitive' && ['bytes', 'records'].includes(type.name));
  if (d === 'null') return `${value} !== null`;
  if (emptyish) {
    const length = type.kind === 'primitive' && type.name === 'records'
      ? `${ctx.imports.value(WRITER, 'recordSetToBuffer')}(${value}).length > 0`
      : `${value}.length > 0`;
    return hasNull ? `(${value} === null || ${length})` : length;
  }
  if (type.kind === 'primitive' && type.name === 'uuid') ctx.imports.value(UUID, 'ZERO_UUID');
  return `${value} !== ${d}`;
}
