// Reads one Kafka message spec: JSON with `//` comments (README "File format").
//
// NB: values arrive loosely typed. `default` is usually a string but a few group-coordinator files
// write a bare number or null, and `tag` is sometimes a string; the model coerces both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RawField {
  name: string;
  type: string;
  versions: string;
  nullableVersions?: string;
  taggedVersions?: string;
  tag?: number | string;
  default?: string | number | boolean | null;
  ignorable?: boolean;
  flexibleVersions?: string;
  mapKey?: boolean;
  entityType?: string;
  zeroCopy?: boolean;
  about?: string;
  fields?: RawField[];
}

export interface RawStruct {
  name: string;
  versions: string;
  fields: RawField[];
}

export interface RawMessageSpec {
  apiKey?: number;
  type: 'request' | 'response' | 'header' | 'data';
  name: string;
  validVersions: string;
  flexibleVersions: string;
  deprecatedVersions?: string;
  latestVersionUnstable?: boolean;
  listeners?: string[];
  fields: RawField[];
  commonStructs?: RawStruct[];
}

/** Removes `//` comments that are outside string literals, keeping line breaks. */
export function stripComments(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      if (i < text.length) out += '\n';
    } else {
      out += c;
    }
  }
  return out;
}

export function parseSpec(text: string, source: string): RawMessageSpec {
  let spec: RawMessageSpec;
  try {
    spec = JSON.parse(stripComments(text)) as RawMessageSpec;
  } catch (err) {
    throw new Error(`${source}: ${(err as Error).message}`, { cause: err });
  }
  if (typeof spec.name !== 'string' || !Array.isArray(spec.fields)) throw new Error(`${source}: not a message spec`);
  return spec;
}

/** Reads `<specDir>/<relativeName>.json`, e.g. 'ProduceRequest' or 'group-coordinator/OffsetCommitKey'. */
export function readSpec(specDir: string, relativeName: string): RawMessageSpec {
  const path = join(specDir, `${relativeName}.json`);
  return parseSpec(readFileSync(path, 'utf8'), path);
}
