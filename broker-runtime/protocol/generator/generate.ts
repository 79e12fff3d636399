// Generation as a function: specs in, file contents out. main.ts adds the command line; tests call
// these directly with temp directories.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DATA_FILES, GENERATED_APIS, HEADERS_FILE, INDEX_FILE } from './apis.js';
import { GENERATED_MARKER, emitApiFile, emitDataFile, emitHeadersFile, emitIndexFile, type IndexEntry } from './emit-files.js';
import { buildModel } from './model.js';
import { kebabCase } from './naming.js';
import { readSpec } from './spec-file.js';
import { isEmpty, parseVersions } from './versions.js';

/** `../shared/kafka-protocol/messages` beside the repository, or $OXBOW_KAFKA_SPECS. */
export function defaultSpecDir(): string {
  const fromEnv = process.env.OXBOW_KAFKA_SPECS;
  if (fromEnv) return resolve(fromEnv);
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  return resolve(repoRoot, '../shared/kafka-protocol/messages');
}

export function defaultOutDir(): string {
  return fileURLToPath(new URL('../generated/', import.meta.url));
}

/** Every generated file, by name, in a stable order. */
export function generate(specDir: string): Map<string, string> {
  if (!existsSync(specDir)) throw new Error(`Kafka message specs not found at ${specDir} (set OXBOW_KAFKA_SPECS)`);
  const files = new Map<string, string>();
  const entries: IndexEntry[] = [];
  for (const apiName of GENERATED_APIS) {
    const request = buildModel(readSpec(specDir, `${apiName}Request`));
    const response = buildModel(readSpec(specDir, `${apiName}Response`));
    const module = `${kebabCase(apiName)}.js`;
    files.set(`${kebabCase(apiName)}.ts`, emitApiFile(apiName, request, response));
    entries.push({ apiName, apiKey: request.apiKey ?? -1, module });
  }
  const requestHeader = buildModel(readSpec(specDir, 'RequestHeader'), { alwaysPresent: ['ClientId'] });
  files.set(HEADERS_FILE, emitHeadersFile(requestHeader, buildModel(readSpec(specDir, 'ResponseHeader'))));
  for (const dataFile of DATA_FILES) {
    files.set(dataFile.file, emitDataFile(dataFile, dataFile.specs.map((s) => buildModel(readSpec(specDir, s)))));
  }
  const others = [HEADERS_FILE, ...DATA_FILES.map((d) => d.file)].map((f) => f.replace(/\.ts$/, '.js'));
  files.set(INDEX_FILE, emitIndexFile(entries, others, firstFlexibleVersions(specDir)));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** First flexible version of every request spec, indexed by API key. */
function firstFlexibleVersions(specDir: string): (number | null)[] {
  const byKey: (number | null)[] = [];
  const names = readdirSync(specDir).filter((f) => f.endsWith('Request.json') && f !== 'RequestHeader.json').sort();
  for (const file of names) {
    // Only the header facts are needed: specs with features the emitters refuse still count.
    const spec = readSpec(specDir, file.replace(/\.json$/, ''));
    if (spec.apiKey === undefined) throw new Error(`${file}: request without apiKey`);
    const flexible = parseVersions(spec.flexibleVersions, `${file}.flexibleVersions`);
    if (!isEmpty(flexible) && flexible.max !== Infinity) throw new Error(`${file}: flexible versions must be open-ended`);
    byKey[spec.apiKey] = isEmpty(flexible) ? null : flexible.min;
  }
  for (let i = 0; i < byKey.length; i++) if (byKey[i] === undefined) throw new Error(`no request spec for api key ${i}`);
  return byKey;
}

/** Names of files that differ from `files`: changed, missing, or stale generated leftovers. */
export function diffGenerated(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const differing: string[] = [];
  for (const [name, content] of files) {
    const path = join(outDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) differing.push(name);
  }
  for (const name of staleFiles(outDir, files)) differing.push(name);
  return differing.sort();
}

/** Writes changed files and removes generated files no longer produced. Returns what changed. */
export function writeGenerated(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const changed = diffGenerated(outDir, files);
  mkdirSync(outDir, { recursive: true });
  for (const name of changed) {
    const content = files.get(name);
    if (content === undefined) rmSync(join(outDir, name));
    else writeFileSync(join(outDir, name), content);
  }
  return changed;
}

/** .ts files in `outDir` that carry the generated marker but are not generated any more. */
function staleFiles(outDir: string, files: ReadonlyMap<string, string>): string[] {
  if (!existsSync(outDir)) return [];
  return readdirSync(outDir)
    .filter((name) => name.endsWith('.ts') && !files.has(name))
    .filter((name) => readFileSync(join(outDir, name), 'utf8').startsWith(GENERATED_MARKER));
}
