import { describe, expect, it } from 'vitest';
import { parseSpec, stripComments } from '../../../../broker-runtime/protocol/generator/spec-file.js';

describe('spec files', () => {
  it('strips // comments outside strings only', () => {
    const text = [
      '// licence header',
      '{',
      '  "name": "X", // trailing comment',
      '  "about": "see http://kafka.apache.org // not a comment",',
      '  "quote": "a \\" // still a string"',
      '}',
    ].join('\n');
    expect(JSON.parse(stripComments(text))).toEqual({
      name: 'X', about: 'see http://kafka.apache.org // not a comment', quote: 'a " // still a string',
    });
  });

  it('keeps line numbers so JSON errors point at the right line', () => {
    expect(stripComments('// a\n// b\n{}').split('\n')).toHaveLength(3);
  });

  it('names the file when it cannot parse', () => {
    expect(() => parseSpec('{ "name": ', 'Broken.json')).toThrow(/Broken.json/);
    expect(() => parseSpec('{ "nothing": 1 }', 'Empty.json')).toThrow(/not a message spec/);
  });
});
