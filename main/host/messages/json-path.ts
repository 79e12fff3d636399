// The declarative JSON path of the message filter: dotted names with [index] steps
// (`order.items[0].sku`), walked over parsed JSON. No expression language, nothing evaluated.

export type PathStep = { name: string } | { index: number };

const STEP = /([A-Za-z0-9_$-]+)|\[(\d+)\]|(\.)/gy;

/** The steps of a path; null when it is not dotted names with [index] steps. */
export function parseJsonPath(path: string): PathStep[] | null {
  const steps: PathStep[] = [];
  STEP.lastIndex = 0;
  // A name must start the path and follow each dot, and only there; an index follows a step.
  let expectName = true;
  while (STEP.lastIndex < path.length) {
    const match = STEP.exec(path);
    if (!match) return null;
    const [, name, index] = match;
    if ((name !== undefined) !== expectName) return null;
    if (name !== undefined) steps.push({ name });
    else if (index !== undefined) steps.push({ index: Number(index) });
    expectName = name === undefined && index === undefined;
  }
  return expectName ? null : steps;
}

const MISSING = Symbol('missing');

/** The value at `steps` in `root`, or MISSING. Only own properties: `__proto__` is a plain key here. */
export function walkJson(root: unknown, steps: readonly PathStep[]): unknown {
  let current: unknown = root;
  for (const step of steps) {
    if ('index' in step) {
      if (!Array.isArray(current) || step.index >= current.length) return MISSING;
      current = current[step.index];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current) || !Object.hasOwn(current, step.name)) return MISSING;
      current = (current as Record<string, unknown>)[step.name];
    }
  }
  return current;
}

export function isMissing(value: unknown): boolean {
  return value === MISSING;
}

/**
 * jsonEquals compares as text: a string field by its text (`"x"` may be written with or without
 * the quotes), anything else by its JSON (`42`, `true`, `null`); numbers also by value (`42.0`).
 */
export function jsonValueEquals(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value === expected || (expected.length >= 2 && expected.startsWith('"') && expected.endsWith('"') && JSON.stringify(value) === expected);
  if (typeof value === 'number') {
    const wanted = expected.trim() === '' ? Number.NaN : Number(expected);
    return value === wanted || String(value) === expected;
  }
  return JSON.stringify(value) === expected;
}
