// Emits, for one struct: its interface, `read<Name>(r, version)` and `write<Name>(w, m, version)`.
//
// Decoding fills exactly the fields on the wire in that version (plus known tagged fields that
// are present); encoding writes every field of the version, taking the default for undefined ones.
// NB: a value set for a field the version lacks is dropped silently, ignorable or not (Kafka's
// generator throws for non-ignorable ones); handlers can then fill one object for all versions.
import { Code } from './code.js';
import {
  READER, WRITER, elementTsType, emitRead, emitWrite, nonDefaultCondition, presentVersions,
  valueWithDefault, defaultExpression, type StructContext,
} from './emit-fields.js';
import type { FieldModel } from './model.js';
import { formatVersions, intersect, isEmpty, sameRange, versionCondition } from './versions.js';

export function emitInterface(code: Code, ctx: StructContext): void {
  const { struct } = ctx;
  code.block(`export interface ${struct.tsName} {`, () => {
    for (const field of struct.fields) {
      let type = elementTsType(field.type);
      if (type.includes('RecordSet')) ctx.imports.type(WRITER, 'RecordSet');
      if (!isEmpty(field.nullableVersions)) type += ' | null';
      const doc = fieldDoc(ctx, field);
      if (doc) code.line(`/** ${doc} */`);
      code.line(`${field.name}${field.required ? '' : '?'}: ${type};`);
    }
  });
}

/** Version facts a handler author needs, derived from the spec (never its prose). */
function fieldDoc(ctx: StructContext, field: FieldModel): string {
  const facts: string[] = [];
  if (!sameRange(intersect(field.versions, ctx.struct.versions), ctx.struct.versions)) facts.push(`${field.versions.min === field.versions.max ? 'Version' : 'Versions'} ${formatVersions(field.versions)}.`);
  if (field.tag !== null) facts.push(`Tagged field ${field.tag}.`);
  if (!isEmpty(field.nullableVersions) && !sameRange(field.nullableVersions, field.versions)) {
    facts.push(`Nullable in ${formatVersions(field.nullableVersions)}.`);
  }
  if (!field.required && !["''", '[]', '{}'].includes(field.defaultValue.ts)) facts.push(`Default ${field.defaultValue.ts}.`);
  if (field.fillWhenAbsent) facts.push(`Decoded as ${field.defaultValue.ts} in versions without it.`);
  return facts.join(' ');
}

/** Untagged fields in wire order, consecutive ones with the same version condition grouped. */
function groupByPresence(ctx: StructContext): [string | boolean, FieldModel[]][] {
  const groups: [string | boolean, FieldModel[]][] = [];
  for (const field of ctx.struct.fields) {
    if (field.tag !== null) continue;
    const present = versionCondition(field.versions, ctx.struct.versions);
    const last = groups[groups.length - 1];
    if (last && last[0] === present) last[1].push(field);
    else groups.push([present, [field]]);
  }
  return groups;
}

function flexibleLocal(ctx: StructContext): string | boolean {
  return versionCondition(ctx.message.flexibleVersions, ctx.struct.versions);
}

function taggedFields(ctx: StructContext): FieldModel[] {
  return ctx.struct.fields
    .filter((f) => f.tag !== null && !isEmpty(presentVersions(ctx, f)))
    .sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
}

/** Wraps a body in `function name(params)`, naming unused parameters `_x` for the linter. */
function emitFunction(code: Code, head: string, params: [string, string][], ret: string, body: Code, ctx: StructContext): void {
  const flexible = flexibleLocal(ctx);
  const needsFlexible = typeof flexible === 'string' && body.uses('flexible');
  const usesVersion = needsFlexible || body.uses('version');
  const list = params.map(([name, type]) => `${name === 'version' && !usesVersion ? '_version' : name}: ${type}`).join(', ');
  code.block(`${head}(${list}): ${ret} {`, () => {
    if (needsFlexible) code.line(`const flexible = ${flexible};`);
    code.append(body);
  });
}

export function emitReadFunction(code: Code, ctx: StructContext, exported = false): void {
  const { struct } = ctx;
  const body = new Code();
  body.line(`const m = {} as ${struct.tsName};`);
  for (const [present, fields] of groupByPresence(ctx)) {
    const read = (scoped: boolean): void => {
      for (const field of fields) emitRead(body, ctx, field, `m.${field.name}`, scoped && fields.length === 1);
    };
    const filled = fields.filter((f) => f.fillWhenAbsent);
    const fill = (): void => filled.forEach((f) => body.line(`m.${f.name} = ${defaultExpression(ctx, f)};`));
    if (present === true) read(false);
    else if (present === false) fill();
    else if (filled.length === 0) body.block(`if (${present}) {`, () => read(true));
    else {
      body.block(`if (${present}) {`, () => read(true), '} else {');
      body.block('', fill, '}');
    }
  }
  emitReadTaggedSection(body, ctx);
  body.line('return m;');
  const reader = ctx.imports.type(READER, 'Reader');
  const head = `${exported ? 'export ' : ''}function read${struct.tsName}`;
  emitFunction(code, head, [['r', reader], ['version', 'number']], struct.tsName, body, ctx);
}

function emitReadTaggedSection(body: Code, ctx: StructContext): void {
  const flexible = flexibleLocal(ctx);
  if (flexible === false) return;
  const known = taggedFields(ctx);
  const section = (): void => {
    if (known.length === 0) {
      body.line('r.skipTaggedFields();');
      return;
    }
    body.line('const tagCount = r.unsignedVarint();');
    body.block('for (let t = 0; t < tagCount; t++) {', () => {
      body.line('const tag = r.unsignedVarint();');
      body.line('const size = r.unsignedVarint();');
      body.block('switch (tag) {', () => {
        for (const field of known) {
          const when = versionCondition(field.taggedVersions, intersect(ctx.struct.versions, ctx.message.flexibleVersions));
          body.block(`case ${field.tag}: {`, () => {
            const decode = (): void => {
              body.line('const end = r.taggedFieldEnd(size);');
              emitRead(body, ctx, field, `m.${field.name}`, true);
              body.line(`r.checkTaggedFieldEnd(end, ${field.tag});`);
            };
            if (when === true) decode();
            else {
              body.block(`if (${when}) {`, decode, '} else {');
              body.line('  r.skip(size);');
              body.line('}');
            }
            body.line('break;');
          });
        }
        body.line('default:');
        body.line('  r.skip(size);');
      });
    });
  };
  if (flexible === true) section();
  else body.block(`if (${flexible}) {`, section);
}

export function emitWriteFunction(code: Code, ctx: StructContext, exported = false): void {
  const { struct } = ctx;
  const body = new Code();
  for (const [present, fields] of groupByPresence(ctx)) {
    const write = (scoped: boolean): void => {
      for (const field of fields) {
        emitWrite(body, ctx, field, 'w', valueWithDefault(ctx, field, `m.${field.name}`), scoped && fields.length === 1);
      }
    };
    if (present === true) write(false);
    else if (present !== false) body.block(`if (${present}) {`, () => write(true));
  }
  emitWriteTaggedSection(body, ctx);
  const writer = ctx.imports.type(WRITER, 'Writer');
  const head = `${exported ? 'export ' : ''}function write${struct.tsName}`;
  emitFunction(code, head, [['w', writer], ['m', struct.tsName], ['version', 'number']], 'void', body, ctx);
}

function emitWriteTaggedSection(body: Code, ctx: StructContext): void {
  const flexible = flexibleLocal(ctx);
  if (flexible === false) return;
  const known = taggedFields(ctx);
  const section = (): void => {
    if (known.length === 0) {
      body.line('w.unsignedVarint(0);');
      return;
    }
    // Invariant: tags go out in ascending order, and only those whose value is not the default.
    const flags: string[] = [];
    for (const field of known) {
      const value = `tagged${field.tag}`;
      const when = versionCondition(field.taggedVersions, intersect(ctx.struct.versions, ctx.message.flexibleVersions));
      const nonDefault = nonDefaultCondition(ctx, field, value);
      const condition = [when === true ? '' : when, `${value} !== undefined`, nonDefault].filter((c) => c !== '').join(' && ');
      body.line(`const ${value} = m.${field.name};`);
      body.line(`const write${field.tag} = ${condition};`);
      flags.push(`write${field.tag}`);
    }
    body.line(`w.unsignedVarint(${flags.map((f) => (flags.length === 1 ? `${f} ? 1 : 0` : `(${f} ? 1 : 0)`)).join(' + ')});`);
    for (const field of known) {
      const value = `tagged${field.tag}`;
      body.block(`if (write${field.tag} && ${value} !== undefined) {`, () => {
        body.block(`w.taggedField(${field.tag}, (t) => {`, () => emitWrite(body, ctx, field, 't', value, true), '});');
      });
    }
  };
  if (flexible === true) section();
  else body.block(`if (${flexible}) {`, section);
}
