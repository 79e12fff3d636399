// fast-check arbitraries for any generated message and version, built from the generator's own
// model, and what decoding such a value must give back.
import fc from 'fast-check';
import { GENERATED_APIS } from '../../../../broker-runtime/protocol/generator/apis.js';
import { defaultSpecDir } from '../../../../broker-runtime/protocol/generator/generate.js';
import type { FieldModel, FieldType, MessageModel, StructModel } from '../../../../broker-runtime/protocol/generator/model.js';
import { buildModel } from '../../../../broker-runtime/protocol/generator/model.js';
import { readSpec } from '../../../../broker-runtime/protocol/generator/spec-file.js';
import { includes } from '../../../../broker-runtime/protocol/generator/versions.js';
import * as generated from '../../../../broker-runtime/protocol/generated/index.js';
import type { ApiMessages } from '../../../../broker-runtime/protocol/primitives/api-messages.js';
import { uuidFromBytes } from '../../../../broker-runtime/protocol/primitives/uuid.js';
import { recordSetToBuffer, type RecordSet } from '../../../../broker-runtime/protocol/primitives/writer.js';

export type Message = Record<string, unknown>;

export interface ApiUnderTest {
  readonly name: string;
  readonly api: ApiMessages<Message, Message>;
  readonly request: MessageModel;
  readonly response: MessageModel;
}

export function apisUnderTest(): ApiUnderTest[] {
  const specDir = defaultSpecDir();
  const modules = generated as unknown as Record<string, ApiMessages<Message, Message>>;
  return GENERATED_APIS.map((name) => ({
    name,
    api: modules[name],
    request: buildModel(readSpec(specDir, `${name}Request`)),
    response: buildModel(readSpec(specDir, `${name}Response`)),
  }));
}

export function versionsOf(model: MessageModel): number[] {
  const out: number[] = [];
  for (let v = model.validVersions.min; v <= model.validVersions.max; v++) out.push(v);
  return out;
}

const isFlexible = (model: MessageModel, version: number): boolean => includes(model.flexibleVersions, version);

function primitiveArbitrary(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'bool': return fc.boolean();
    case 'int8': return fc.integer({ min: -128, max: 127 });
    case 'int16': return fc.integer({ min: -32768, max: 32767 });
    case 'uint16': return fc.integer({ min: 0, max: 0xffff });
    case 'int32': return fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 });
    case 'uint32': return fc.integer({ min: 0, max: 0xffffffff });
    case 'int64': return fc.oneof(fc.maxSafeInteger(), fc.constantFrom(-1, 2 ** 63, -(2 ** 63)));
    case 'float64': return fc.double();
    case 'uuid': return fc.uint8Array({ minLength: 16, maxLength: 16 }).map(uuidFromBytes);
    case 'string': return fc.string({ unit: 'grapheme', maxLength: 4 });
    case 'bytes': return fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a));
    case 'records': {
      const chunk = fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a));
      return fc.oneof(chunk, fc.array(chunk, { maxLength: 3 }));
    }
  }
  throw new Error(`no arbitrary for ${name}`);
}

function typeArbitrary(model: MessageModel, type: FieldType, version: number): fc.Arbitrary<unknown> {
  if (type.kind === 'primitive') return primitiveArbitrary(type.name);
  if (type.kind === 'struct') return structArbitrary(model, type.struct, version);
  return fc.array(typeArbitrary(model, type.element, version), { maxLength: 3 });
}

function fieldArbitrary(model: MessageModel, field: FieldModel, version: number): fc.Arbitrary<unknown> {
  const value = typeArbitrary(model, field.type, version);
  return includes(field.nullableVersions, version) ? fc.option(value, { nil: null, freq: 4 }) : value;
}

/** A value of the struct with every field of `version` (tagged ones sometimes left out). */
export function structArbitrary(model: MessageModel, struct: StructModel, version: number): fc.Arbitrary<Message> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const field of struct.fields) {
    if (!includes(field.versions, version)) continue;
    shape[field.name] = fieldArbitrary(model, field, version);
    if (field.tag === null) requiredKeys.push(field.name);
  }
  return fc.record(shape, { requiredKeys }) as fc.Arbitrary<Message>;
}

export function messageArbitrary(model: MessageModel, version: number): fc.Arbitrary<Message> {
  return structArbitrary(model, model.root, version);
}

function isDefault(field: FieldModel, value: unknown): boolean {
  const d = field.defaultValue.value;
  if (field.type.kind === 'struct') return false; // written whenever set (see nonDefaultCondition)
  if (value === null || d === null) return value === d;
  if (Array.isArray(d)) return (value as unknown[]).length === 0;
  if (Buffer.isBuffer(d)) return recordSetToBuffer(value as RecordSet).length === 0;
  return Object.is(value, d) || value === d;
}

function expectedValue(model: MessageModel, type: FieldType, value: unknown, version: number): unknown {
  if (value === null) return null;
  if (type.kind === 'primitive') return type.name === 'records' ? recordSetToBuffer(value as RecordSet) : value;
  if (type.kind === 'struct') return expectedStruct(model, type.struct, value as Message, version);
  return (value as unknown[]).map((e) => expectedValue(model, type.element, e, version));
}

/** What decoding the encoding of `value` must return: tagged defaults vanish, records join. */
export function expectedStruct(model: MessageModel, struct: StructModel, value: Message, version: number): Message {
  const out: Message = {};
  for (const field of struct.fields) {
    if (!includes(field.versions, version)) continue;
    const v = value[field.name];
    if (field.tag !== null && (v === undefined || !isFlexible(model, version) || isDefault(field, v))) continue;
    out[field.name] = expectedValue(model, field.type, v, version);
  }
  return out;
}
