// The desktop app's secret store: passwords go through Electron's safeStorage (mocked here: the
// Electron binary cannot run on these machines) before they reach the file, and nothing is
// stored, or read, when the system offers no encryption.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const safeStorage = vi.hoisted(() => ({
  available: true,
  isAsyncEncryptionAvailable: vi.fn(async () => safeStorage.available),
  // A stand-in for the keychain's cipher: reversible, and never the plain text.
  encryptStringAsync: vi.fn(async (plain: string) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a))),
  decryptStringAsync: vi.fn(async (sealed: Buffer) => ({ shouldReEncrypt: false, result: Buffer.from([...sealed].map((b) => b ^ 0x5a)).toString('utf8') })),
}));
vi.mock('electron', () => ({ safeStorage }));

const { SAFE_STORAGE_SCHEME, safeStorageSecretStore } = await import('../../../main/app/safe-storage-secrets.js');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-safe-storage-'));
  safeStorage.available = true;
  vi.clearAllMocks();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('safeStorage secret store', () => {
  it('writes only what safeStorage sealed, 0600, and reads it back through safeStorage', async () => {
    await safeStorageSecretStore(dir).set('prod', 'correct horse');
    const file = path.join(dir, 'connection-secrets.json');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(JSON.parse(text)).toMatchObject({ version: 1, scheme: SAFE_STORAGE_SCHEME });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledWith('correct horse');

    const again = safeStorageSecretStore(dir);
    expect(await again.has('prod')).toBe(true);
    expect(safeStorage.decryptStringAsync).not.toHaveBeenCalled();
    expect(await again.get('prod')).toBe('correct horse');
  });

  it('refuses to store or read a password when the system has no encryption to offer', async () => {
    await safeStorageSecretStore(dir).set('prod', 'correct horse');
    safeStorage.available = false;
    const store = safeStorageSecretStore(dir);
    await expect(store.set('other', 'x')).rejects.toMatchObject({ body: { code: 'UNAVAILABLE', message: expect.stringContaining('cannot be stored') } });
    await expect(store.get('prod')).rejects.toMatchObject({ body: { code: 'UNAVAILABLE', message: expect.stringContaining('cannot be read') } });
    expect(safeStorage.encryptStringAsync).toHaveBeenCalledTimes(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'connection-secrets.json'), 'utf8')).secrets).not.toHaveProperty('other');
  });

  it('does not touch safeStorage until a secret is stored or read (it is unavailable before the app is ready)', async () => {
    const store = safeStorageSecretStore(dir);
    expect(await store.has('prod')).toBe(false);
    expect(safeStorage.isAsyncEncryptionAvailable).not.toHaveBeenCalled();
  });
});
