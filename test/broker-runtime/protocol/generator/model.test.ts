import { describe, expect, it } from 'vitest';
import { buildModel, type FieldModel } from '../../../../broker-runtime/protocol/generator/model.js';
import type { RawField, RawMessageSpec } from '../../../../broker-runtime/protocol/generator/spec-file.js';

function spec(fields: RawField[], extra: Partial<RawMessageSpec> = {}): RawMessageSpec {
  return { apiKey: 99, type: 'request', name: 'TestRequest', validVersions: '0-5', flexibleVersions: '3+', fields, ...extra };
}

const field = (fields: readonly FieldModel[], name: string): FieldModel => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

describe('message model', () => {
  it('makes a field required only when it is untagged in every version its struct exists in', () => {
    const model = buildModel(spec([
      { name: 'Always', type: 'int32', versions: '0+' },
      { name: 'Later', type: 'int32', versions: '2+' },
      { name: 'Tagged', type: 'int32', versions: '3+', tag: '0', taggedVersions: '3+' },
      {
        name: 'Late', type: '[]LateStruct', versions: '4+', fields: [
          { name: 'Inner', type: 'string', versions: '4+' },
          { name: 'Newer', type: 'string', versions: '5+' },
        ],
      },
    ]));
    const root = model.root.fields;
    expect([field(root, 'always').required, field(root, 'later').required, field(root, 'tagged').required]).toEqual([true, false, false]);
    const late = model.structs[0];
    expect(late.tsName).toBe('TestRequestLateStruct');
    expect(late.versions).toEqual({ min: 4, max: 5 });
    expect(field(late.fields, 'inner').required).toBe(true);
    expect(field(late.fields, 'newer').required).toBe(false);
  });

  it('coerces string tags and parses every default form', () => {
    const model = buildModel(spec([
      { name: 'T', type: 'int64', versions: '3+', tag: '2', taggedVersions: '3+', default: '-1' },
      { name: 'Hex', type: 'int32', versions: '0+', default: '0x7fffffff' },
      { name: 'Bare', type: 'int32', versions: '0+', default: -1 },
      { name: 'Flag', type: 'bool', versions: '0+', default: 'true' },
      { name: 'Name', type: 'string', versions: '0+', nullableVersions: '0+', default: 'null' },
      { name: 'Id', type: 'uuid', versions: '0+' },
      { name: 'List', type: '[]int32', versions: '0+' },
      { name: 'Data', type: 'records', versions: '0+', nullableVersions: '0+' },
    ]));
    const root = model.root.fields;
    expect(field(root, 't').tag).toBe(2);
    expect(root.map((f) => f.defaultValue.ts)).toEqual(['-1', '2147483647', '-1', 'true', 'null', 'ZERO_UUID', '[]', 'null']);
  });

  it('lets a common struct used in several places span all their versions', () => {
    const model = buildModel(spec([
      { name: 'A', type: 'Shared', versions: '1-2', tag: 0, taggedVersions: '1-2' },
      { name: 'B', type: '[]Shared', versions: '4+' },
    ], { flexibleVersions: '0+', commonStructs: [{ name: 'Shared', versions: '0+', fields: [{ name: 'X', type: 'int8', versions: '0+' }] }] }));
    expect(model.structs.map((s) => [s.tsName, s.versions])).toEqual([['TestRequestShared', { min: 1, max: 5 }]]);
  });

  it('forces fields present when asked, decoding their default where absent', () => {
    const model = buildModel(spec([{ name: 'ClientId', type: 'string', versions: '1+', nullableVersions: '1+' }]), { alwaysPresent: ['ClientId'] });
    expect(model.root.fields[0]).toMatchObject({ required: true, fillWhenAbsent: true });
  });

  it('refuses what the emitters do not support, naming the field', () => {
    expect(() => buildModel(spec([{ name: 'S', type: 'Inner', versions: '0+', nullableVersions: '0+', fields: [{ name: 'X', type: 'int8', versions: '0+' }] }])))
      .toThrow(/TestRequest.S: type Inner cannot be nullable/);
    expect(() => buildModel(spec([{ name: 'T', type: 'int8', versions: '0+', tag: 0, taggedVersions: '3+' }]))).toThrow(/taggedVersions must equal versions/);
    expect(() => buildModel(spec([{ name: 'T', type: 'int8', versions: '3+', tag: 0 }]))).toThrow(/tag and taggedVersions/);
    expect(() => buildModel(spec([{ name: 'N', type: 'int32', versions: '0+', default: 'null' }]))).toThrow(/default null/);
    expect(() => buildModel(spec([{ name: 'B', type: 'int8', versions: '0+', default: '300' }]))).toThrow(/out of range/);
    expect(() => buildModel(spec([{ name: 'U', type: '[]Unknown', versions: '0+' }]))).toThrow(/unknown struct type Unknown/);
  });

  it('refuses a struct defined twice, and two structs with one name', () => {
    const inner = [{ name: 'X', type: 'int8', versions: '0+' }];
    expect(() => buildModel(spec([
      { name: 'A', type: '[]Dup', versions: '0+', fields: inner },
      { name: 'B', type: '[]Dup', versions: '0+', fields: inner },
    ]))).toThrow(/defined twice/);
    expect(() => buildModel(spec([
      { name: 'A', type: '[]TestTopic', versions: '0+', fields: inner }, // -> TestRequestTopic
      { name: 'B', type: '[]TestRequestTopic', versions: '0+', fields: inner }, // -> TestRequestTopic
    ], { name: 'TestRequest' }))).toThrow(/two structs would be named TestRequestTopic/);
  });

  it('refuses array elements that could be empty on the wire', () => {
    expect(() => buildModel(spec([
      { name: 'A', type: '[]Hollow', versions: '0+', fields: [{ name: 'X', type: 'int8', versions: '3+' }] },
    ], { flexibleVersions: 'none' }))).toThrow(/empty on the wire in version 0/);
  });
});
