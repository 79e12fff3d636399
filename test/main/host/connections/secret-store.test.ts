// The secrets file: private to its owner (0600), never holding what the cipher was given, and
// refusing one sealed another way.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SecretCipher, fileSecretStore, memorySecretStore } from '../../../../main/host/connections/secret-store.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-secrets-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const reversing: SecretCipher = {
  scheme: 'test-reverse',
  encrypt: async (s) => `sealed:${[...s].reverse().join('')}`,
  decrypt: async (s) => [...s.slice('sealed:'.length)].reverse().join(''),
};

describe('file secret store', () => {
  it('keeps secrets across instances in a file only its owner can read or write', async () => {
    const file = path.join(dir, 'ui', 'connection-secrets.json');
    const store = fileSecretStore(file);
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'pa55word');
    await store.set('b', 'other');
    await store.delete('b');
    const again = fileSecretStore(file);
    expect(await again.get('a')).toBe('pa55word');
    expect(await again.has('a')).toBe(true);
    expect(await again.has('b')).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, scheme: 'plain', secrets: { a: 'pa55word' } });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['connection-secrets.json']);
  });

  it('writes only what the cipher sealed, and reads it back through the cipher', async () => {
    const file = path.join(dir, 'secrets.json');
    await fileSecretStore(file, reversing).set('prod', 'hunter2');
    expect(fs.readFileSync(file, 'utf8')).not.toContain('hunter2');
    expect(await fileSecretStore(file, reversing).get('prod')).toBe('hunter2');
  });

  it('holds no secret from a file sealed another way (never garbage), and replaces it on the next write', async () => {
    const file = path.join(dir, 'secrets.json');
    await fileSecretStore(file).set('prod', 'hunter2');
    const other = fileSecretStore(file, reversing);
    expect([await other.has('prod'), await other.get('prod')]).toEqual([false, null]);
    await other.set('dev', 'pw');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ version: 1, scheme: 'test-reverse', secrets: { dev: 'sealed:wp' } });
  });

  it('names the file when it cannot be read', async () => {
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, '{');
    await expect(fileSecretStore(file).has('x')).rejects.toThrow(`${file} is not valid JSON`);
  });

  it('loses no write when several run at once', async () => {
    const file = path.join(dir, 'secrets.json');
    const store = fileSecretStore(file);
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.set(`c${i}`, `s${i}`)));
    const again = fileSecretStore(file);
    for (let i = 0; i < 8; i++) expect(await again.get(`c${i}`)).toBe(`s${i}`);
  });
});

describe('memory secret store', () => {
  it('keeps secrets for its own lifetime only', async () => {
    const store = memorySecretStore();
    await store.set('a', 'x');
    expect([await store.has('a'), await store.get('a')]).toEqual([true, 'x']);
    await store.delete('a');
    expect(await store.get('a')).toBeNull();
    expect(await memorySecretStore().get('a')).toBeNull();
  });
});
