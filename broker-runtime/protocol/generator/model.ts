// The resolved model of one message spec that the emitters (and the round-trip tests) work from:
// every struct named, every field's versions, nullability, tag and default resolved.
import { apiNameOf, camelCase, structTypeName } from './naming.js';
import { parseDefault, type DefaultValue } from './defaults.js';
import type { RawField, RawMessageSpec, RawStruct } from './spec-file.js';
import {
  NO_VERSIONS, contains, hull, intersect, isEmpty, parseVersions, sameRange, type VersionRange,
} from './versions.js';

export type PrimitiveName =
  'bool' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'float64' | 'uuid' | 'string' | 'bytes' | 'records';

export type FieldType =
  | { readonly kind: 'primitive'; readonly name: PrimitiveName }
  | { readonly kind: 'array'; readonly element: FieldType }
  | { readonly kind: 'struct'; readonly struct: StructModel };

export interface FieldModel {
  readonly specName: string;
  /** The TS property name. */
  readonly name: string;
  readonly type: FieldType;
  readonly versions: VersionRange;
  readonly nullableVersions: VersionRange;
  /** Versions in which the field sits in the tagged-field section (empty when never tagged). */
  readonly taggedVersions: VersionRange;
  readonly tag: number | null;
  /** The message's flexible versions, or the field's own override (RequestHeader ClientId). */
  readonly flexibleVersions: VersionRange;
  readonly defaultValue: DefaultValue;
  readonly ignorable: boolean;
  /** Present, untagged, in every version the enclosing struct exists in; or forced (see options). */
  readonly required: boolean;
  /** Decoding fills the default in versions that lack the field (only with `alwaysPresent`). */
  readonly fillWhenAbsent: boolean;
}

export interface StructModel {
  readonly specType: string;
  readonly tsName: string;
  /** The versions of the message in which this struct can appear. */
  versions: VersionRange;
  fields: FieldModel[];
}

export interface MessageModel {
  readonly name: string;
  readonly type: RawMessageSpec['type'];
  readonly apiKey: number | null;
  readonly validVersions: VersionRange;
  readonly flexibleVersions: VersionRange;
  readonly deprecatedVersions: VersionRange | null;
  readonly latestVersionUnstable: boolean;
  readonly root: StructModel;
  /** Nested structs in order of first appearance (depth first). */
  readonly structs: readonly StructModel[];
}

export interface ModelOptions {
  /**
   * Spec names of top-level fields that the interface declares required even though some
   * versions lack them; decoding fills their default there. Used for RequestHeader.ClientId so
   * the header type is the same for every header version.
   */
  readonly alwaysPresent?: readonly string[];
}

const PRIMITIVES = new Set<string>(['bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'uuid', 'string', 'bytes', 'records']);

export function buildModel(spec: RawMessageSpec, options: ModelOptions = {}): MessageModel {
  const name = spec.name;
  const validVersions = parseVersions(spec.validVersions, `${name}.validVersions`);
  if (isEmpty(validVersions) || validVersions.max === Infinity) throw new Error(`${name}: bad validVersions`);
  const flexibleVersions = parseVersions(spec.flexibleVersions, `${name}.flexibleVersions`);
  const common = new Map<string, RawStruct>((spec.commonStructs ?? []).map((s) => [s.name, s]));
  const rawStructs = new Map<string, RawField[]>();
  const structs = new Map<string, StructModel>();
  const apiName = spec.type === 'request' || spec.type === 'response' ? apiNameOf(name) : null;
  const root: StructModel = { specType: name, tsName: name, versions: validVersions, fields: [] };
  const tsNames = new Set<string>([name]);

  // Pass 1: name every struct and find the versions it can appear in (a common struct used in
  // several places gets the hull of its uses).
  const visit = (fields: readonly RawField[], reachable: VersionRange): void => {
    for (const f of fields) {
      const structType = structTypeOf(f.type);
      if (structType === null) continue;
      let struct = structs.get(structType);
      if (f.fields) {
        if (rawStructs.has(structType)) throw new Error(`${name}: struct ${structType} is defined twice`);
        rawStructs.set(structType, f.fields);
      }
      if (!struct) {
        const rawFields = f.fields ?? common.get(structType)?.fields;
        if (!rawFields) throw new Error(`${name}: unknown struct type ${structType}`);
        rawStructs.set(structType, rawFields);
        const tsName = structTypeName(name, apiName, structType);
        if (tsNames.has(tsName)) throw new Error(`${name}: two structs would be named ${tsName}`);
        tsNames.add(tsName);
        struct = { specType: structType, tsName, versions: NO_VERSIONS, fields: [] };
        structs.set(structType, struct);
      }
      const here = intersect(reachable, parseVersions(f.versions, `${name}.${f.name}.versions`));
      struct.versions = hull(struct.versions, here);
      visit(rawStructs.get(structType) ?? [], here);
    }
  };
  visit(spec.fields, validVersions);

  // Pass 2: resolve the fields of every struct.
  const forced = new Set(options.alwaysPresent ?? []);
  root.fields = spec.fields.map((f) => buildField(name, f, root, flexibleVersions, structs, forced));
  for (const [structType, struct] of structs) {
    struct.fields = (rawStructs.get(structType) ?? []).map((f) => buildField(name, f, struct, flexibleVersions, structs, new Set()));
  }
  for (const struct of structs.values()) checkNonEmptyOnWire(name, struct, flexibleVersions);

  return {
    name,
    type: spec.type,
    apiKey: spec.apiKey ?? null,
    validVersions,
    flexibleVersions,
    deprecatedVersions: spec.deprecatedVersions ? parseVersions(spec.deprecatedVersions, `${name}.deprecatedVersions`) : null,
    latestVersionUnstable: spec.latestVersionUnstable === true,
    root,
    structs: [...structs.values()],
  };
}

function structTypeOf(type: string): string | null {
  const element = type.startsWith('[]') ? type.slice(2) : type;
  return PRIMITIVES.has(element) ? null : element;
}

function buildField(
  message: string, f: RawField, owner: StructModel, messageFlexible: VersionRange,
  structs: ReadonlyMap<string, StructModel>, forced: ReadonlySet<string>,
): FieldModel {
  const where = owner.specType === message ? `${message}.${f.name}` : `${message}.${owner.specType}.${f.name}`;
  const type = resolveType(f.type, structs, where);
  const versions = parseVersions(f.versions, `${where}.versions`);
  const nullableVersions = intersect(parseVersions(f.nullableVersions, `${where}.nullableVersions`), versions);
  const flexibleVersions = f.flexibleVersions !== undefined ? parseVersions(f.flexibleVersions, `${where}.flexibleVersions`) : messageFlexible;
  const taggedVersions = parseVersions(f.taggedVersions, `${where}.taggedVersions`);
  const tag = f.tag === undefined ? null : Number(f.tag);
  if ((tag === null) !== isEmpty(taggedVersions)) throw new Error(`${where}: tag and taggedVersions go together`);
  if (tag !== null) {
    if (!Number.isInteger(tag) || tag < 0) throw new Error(`${where}: bad tag ${String(f.tag)}`);
    // NB: Kafka allows a field tagged in some versions and untagged in others; no spec we
    // generate does, so the emitters assume taggedVersions == versions.
    if (!sameRange(taggedVersions, versions)) throw new Error(`${where}: taggedVersions must equal versions`);
    if (!contains(flexibleVersions, taggedVersions)) throw new Error(`${where}: tagged outside flexible versions`);
  }
  if (!isEmpty(nullableVersions)) {
    const nullable = type.kind === 'array' || (type.kind === 'primitive' && ['string', 'bytes', 'records'].includes(type.name));
    // NB: nullable (non-array) structs are written with an int8 presence marker in Kafka; no API
    // we generate has one, so they are refused rather than emitted untested.
    if (!nullable) throw new Error(`${where}: type ${f.type} cannot be nullable here`);
  }
  const force = forced.has(f.name);
  const required = force || (tag === null && contains(versions, owner.versions));
  return {
    specName: f.name,
    name: camelCase(f.name),
    type,
    versions,
    nullableVersions,
    taggedVersions,
    tag,
    flexibleVersions,
    defaultValue: parseDefault(f.default, type, !isEmpty(nullableVersions), contains(nullableVersions, versions), where),
    ignorable: f.ignorable === true,
    required,
    fillWhenAbsent: force && !contains(versions, owner.versions),
  };
}

function resolveType(type: string, structs: ReadonlyMap<string, StructModel>, where: string): FieldType {
  if (type.startsWith('[]')) return { kind: 'array', element: resolveType(type.slice(2), structs, where) };
  if (PRIMITIVES.has(type)) return { kind: 'primitive', name: type as PrimitiveName };
  const struct = structs.get(type);
  if (!struct) throw new Error(`${where}: unknown type ${type}`);
  return { kind: 'struct', struct };
}

/**
 * Invariant the reader relies on: an array element takes at least one byte on the wire, so a
 * count larger than the bytes left is always malformed (and a forged count cannot spin a loop).
 */
function checkNonEmptyOnWire(message: string, struct: StructModel, flexible: VersionRange): void {
  for (let v = struct.versions.min; v <= struct.versions.max; v++) {
    const flexibleHere = flexible.min <= v && v <= flexible.max;
    const someField = struct.fields.some((f) => f.tag === null && f.versions.min <= v && v <= f.versions.max);
    if (!flexibleHere && !someField) throw new Error(`${message}.${struct.specType} is empty on the wire in version ${v}`);
  }
}
