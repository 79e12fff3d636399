// The message filter: declarative parts, all of which must match (never user code).
// Text parts are case-insensitive substring matches on the UTF-8 text of the bytes;
// headerContains matches a header's key or its value.
import type { MessageFilter } from '../../contract/index.js';
import { apiError } from '../api-error.js';
import type { FetchedRecord } from './fetched-record.js';
import { type PathStep, isMissing, jsonValueEquals, parseJsonPath, walkJson } from './json-path.js';

export type RecordPredicate = (record: FetchedRecord) => boolean;

/** null when the filter has no parts (every record matches). */
export function compileFilter(filter: MessageFilter | undefined): RecordPredicate | null {
  if (!filter) return null;
  const tests: RecordPredicate[] = [];
  // Cheapest first: a record failing a substring test is never parsed as JSON.
  const key = needle(filter.keyContains);
  if (key !== null) tests.push((r) => textContains(r.key, key));
  const header = needle(filter.headerContains);
  if (header !== null) tests.push((r) => r.headers.some(([k, v]) => textContains(k, header) || textContains(v, header)));
  const value = needle(filter.valueContains);
  if (value !== null) tests.push((r) => textContains(r.value, value));
  if (filter.jsonPath !== undefined && filter.jsonPath !== '') {
    const steps = parseJsonPath(filter.jsonPath);
    if (steps === null) throw apiError('INVALID_ARGUMENT', `"${filter.jsonPath}" is not a JSON path of dotted names with [index] steps.`);
    tests.push(jsonTest(steps, filter.jsonEquals));
  } else if (filter.jsonEquals !== undefined) {
    throw apiError('INVALID_ARGUMENT', 'jsonEquals needs a jsonPath to compare at.');
  }
  if (tests.length === 0) return null;
  return (record) => tests.every((test) => test(record));
}

function needle(text: string | undefined): string | null {
  return text === undefined || text === '' ? null : text.toLowerCase();
}

function textContains(bytes: Buffer | null, lowerNeedle: string): boolean {
  return bytes !== null && bytes.toString('utf8').toLowerCase().includes(lowerNeedle);
}

function jsonTest(steps: readonly PathStep[], equals: string | undefined): RecordPredicate {
  return (record) => {
    const json = parseJsonValue(record.value);
    if (json === undefined) return false;
    const found = walkJson(json, steps);
    if (isMissing(found)) return false;
    return equals === undefined || jsonValueEquals(found, equals);
  };
}

const OPENERS = new Set([0x7b, 0x5b]); // '{', '['

/** The value as JSON; undefined when it is not (checked by its first byte before parsing). */
export function parseJsonValue(bytes: Buffer | null): unknown {
  if (bytes === null) return undefined;
  let i = 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  // Only objects and arrays have paths; a leading UTF-8 BOM or anything else is not worth parsing.
  if (i >= bytes.length || !OPENERS.has(bytes[i])) return undefined;
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
