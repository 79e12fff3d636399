// The shape every generated API module exports (generated/<api>.ts), and the version guards the
// generated code calls. Kept here rather than in generated/index.ts so the generated files import
// no sibling and no cycle exists.
import { InvariantViolation } from '../../errors.js';
import { MalformedMessageError } from './reader.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

export interface ApiMessages<Req, Res> {
  readonly apiKey: number;
  /** Kafka's name of the API, e.g. 'Produce'. */
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  /** The first version using compact encodings and tagged fields, or null when none does. */
  readonly firstFlexibleVersion: number | null;
  /** Inclusive [first, last] range Kafka 3.9 marks deprecated (KIP-896), or null. */
  readonly deprecatedVersions: readonly [number, number] | null;
  /** The highest version is still in development upstream: do not advertise it. */
  readonly latestVersionUnstable: boolean;
  /** Throws MalformedMessageError for bad input or a version outside [minVersion, maxVersion]. */
  decodeRequest(r: Reader, version: number): Req;
  encodeRequest(w: Writer, m: Req, version: number): void;
  decodeResponse(r: Reader, version: number): Res;
  encodeResponse(w: Writer, m: Res, version: number): void;
}

/** A peer sent a version the codec does not know: to the network layer, a malformed frame. */
export function checkDecodeVersion(name: string, version: number, min: number, max: number): number {
  if (!Number.isInteger(version) || version < min || version > max) {
    throw new MalformedMessageError(`${name} version ${version} is outside ${min}-${max}`);
  }
  return version;
}

/** Encoding a version the codec does not know is a programmer bug. */
export function checkEncodeVersion(name: string, version: number, min: number, max: number): number {
  if (!Number.isInteger(version) || version < min || version > max) {
    throw new InvariantViolation(`cannot encode ${name} version ${version}: valid versions are ${min}-${max}`);
  }
  return version;
}
