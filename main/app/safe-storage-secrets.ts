// The desktop app's SecretStore: SASL passwords of external connections encrypted with Electron's
// safeStorage (the macOS Keychain, Windows DPAPI, the Secret Service or KWallet on Linux) before
// they reach the secrets file beside the connection store. The renderer never sees them.
//
// Uses the asynchronous safeStorage calls: the synchronous ones are deprecated in Electron 45 and
// would block the main thread (which drives every window) on a keychain prompt.
// NB: on Linux without a keyring Electron falls back to its `basic_text` backend, whose key is
// fixed: obfuscation, not protection. The file is still created 0600 (readable by the user only).
import path from 'node:path';
import { safeStorage } from 'electron';
import { apiError } from '../host/api-error.js';
import { SECRETS_FILE, type SecretCipher, type SecretStore, fileSecretStore } from '../host/connections/index.js';

export const SAFE_STORAGE_SCHEME = 'electron-safe-storage';

// Invariant: `safeStorage` is touched only inside these functions, after the app is ready (it
// answers "unavailable" before), never at import.
export const safeStorageCipher: SecretCipher = {
  scheme: SAFE_STORAGE_SCHEME,
  async encrypt(secret) {
    await requireEncryption('stored');
    return (await safeStorage.encryptStringAsync(secret)).toString('base64');
  },
  async decrypt(stored) {
    await requireEncryption('read');
    return (await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'))).result;
  },
};

/** The secrets of connections saved in `stateDir`, encrypted. */
export function safeStorageSecretStore(stateDir: string): SecretStore {
  return fileSecretStore(path.join(stateDir, SECRETS_FILE), safeStorageCipher);
}

async function requireEncryption(what: 'stored' | 'read'): Promise<void> {
  if (await safeStorage.isAsyncEncryptionAvailable()) return;
  throw apiError('UNAVAILABLE', `This system offers no encryption for saved passwords (no keychain or keyring is available), so the password cannot be ${what}.`);
}
