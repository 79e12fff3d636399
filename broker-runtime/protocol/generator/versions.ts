// Version ranges as the spec files write them: "3+", "0-12", "7", "none".
//
// Invariant: every range in the specs is one contiguous interval, so a range is {min, max} with
// max = Infinity for "N+", and empty when min > max.

export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

export const NO_VERSIONS: VersionRange = { min: 1, max: 0 };
export const ALL_VERSIONS: VersionRange = { min: 0, max: Infinity };

export function parseVersions(text: string | number | undefined, what: string): VersionRange {
  if (text === undefined) return NO_VERSIONS;
  const s = String(text).trim();
  if (s === 'none') return NO_VERSIONS;
  let m = /^(\d+)\+$/.exec(s);
  if (m) return { min: Number(m[1]), max: Infinity };
  m = /^(\d+)-(\d+)$/.exec(s);
  if (m) return { min: Number(m[1]), max: Number(m[2]) };
  m = /^(\d+)$/.exec(s);
  if (m) return { min: Number(m[1]), max: Number(m[1]) };
  throw new Error(`${what}: cannot parse version range ${JSON.stringify(text)}`);
}

export function isEmpty(r: VersionRange): boolean {
  return r.min > r.max;
}

export function intersect(a: VersionRange, b: VersionRange): VersionRange {
  const r = { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max) };
  return isEmpty(r) ? NO_VERSIONS : r;
}

/** The smallest interval holding both (exact for the ranges the specs produce). */
export function hull(a: VersionRange, b: VersionRange): VersionRange {
  if (isEmpty(a)) return b;
  if (isEmpty(b)) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

export function contains(outer: VersionRange, inner: VersionRange): boolean {
  return isEmpty(inner) || (outer.min <= inner.min && inner.max <= outer.max);
}

export function includes(r: VersionRange, version: number): boolean {
  return r.min <= version && version <= r.max;
}

export function sameRange(a: VersionRange, b: VersionRange): boolean {
  return (isEmpty(a) && isEmpty(b)) || (a.min === b.min && a.max === b.max);
}

export function formatVersions(r: VersionRange): string {
  if (isEmpty(r)) return 'none';
  if (r.max === Infinity) return `${r.min}+`;
  return r.min === r.max ? `${r.min}` : `${r.min}-${r.max}`;
}

/**
 * A TS condition that `version` lies in `range`, given that it is known to lie in `context`:
 * `true` or `false` when the context decides it, otherwise the shortest comparison.
 */
export function versionCondition(range: VersionRange, context: VersionRange, variable = 'version'): string | boolean {
  const r = intersect(range, context);
  if (isEmpty(r)) return false;
  if (contains(r, context)) return true;
  const parts: string[] = [];
  if (r.min > context.min) parts.push(r.min === r.max ? `${variable} === ${r.min}` : `${variable} >= ${r.min}`);
  if (r.max < context.max && r.min !== r.max) parts.push(`${variable} <= ${r.max}`);
  if (r.min === r.max && r.min === context.min) parts.push(`${variable} === ${r.min}`);
  return parts.join(' && ');
}
