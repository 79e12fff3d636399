import { describe, expect, it } from 'vitest';
import {
  contains, formatVersions, hull, intersect, isEmpty, parseVersions, versionCondition,
} from '../../../../broker-runtime/protocol/generator/versions.js';

describe('version ranges', () => {
  it('parses every form the specs use', () => {
    expect(parseVersions('3+', 'x')).toEqual({ min: 3, max: Infinity });
    expect(parseVersions('0-12', 'x')).toEqual({ min: 0, max: 12 });
    expect(parseVersions('7', 'x')).toEqual({ min: 7, max: 7 });
    expect(parseVersions(2, 'x')).toEqual({ min: 2, max: 2 });
    expect(isEmpty(parseVersions('none', 'x'))).toBe(true);
    expect(isEmpty(parseVersions(undefined, 'x'))).toBe(true);
    expect(() => parseVersions('3-', 'Foo.versions')).toThrow(/Foo.versions/);
  });

  it('intersects, joins and compares', () => {
    const r = (s: string) => parseVersions(s, 'x');
    expect(intersect(r('3+'), r('0-5'))).toEqual({ min: 3, max: 5 });
    expect(isEmpty(intersect(r('0-2'), r('3+')))).toBe(true);
    expect(hull(r('1-2'), r('5-6'))).toEqual({ min: 1, max: 6 });
    expect(hull(r('none'), r('4'))).toEqual({ min: 4, max: 4 });
    expect(contains(r('0+'), r('3-4'))).toBe(true);
    expect(contains(r('3-4'), r('0+'))).toBe(false);
    expect(contains(r('3'), r('none'))).toBe(true);
    expect(['3+', '0-12', '7', 'none'].map((s) => formatVersions(r(s)))).toEqual(['3+', '0-12', '7', 'none']);
  });

  it('writes the shortest version condition for the context', () => {
    const r = (s: string) => parseVersions(s, 'x');
    expect(versionCondition(r('0+'), r('0-11'))).toBe(true);
    expect(versionCondition(r('12+'), r('0-11'))).toBe(false);
    expect(versionCondition(r('3+'), r('0-11'))).toBe('version >= 3');
    expect(versionCondition(r('0-7'), r('0-9'))).toBe('version <= 7');
    expect(versionCondition(r('8-10'), r('0-12'))).toBe('version >= 8 && version <= 10');
    expect(versionCondition(r('1'), r('0-4'))).toBe('version === 1');
    expect(versionCondition(r('0'), r('0-4'))).toBe('version === 0');
    expect(versionCondition(r('15+'), r('15-17'))).toBe(true); // a struct only reachable in 15+
    expect(versionCondition(r('2+'), r('0-2'), 'v')).toBe('v === 2');
  });
});
