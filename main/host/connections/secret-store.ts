// Where the SASL passwords of external connections live. Never in the connection store's file,
// never sent to the renderer: listConnections answers only whether one is set.
//
// Implementations:
// - the desktop app: main/app/safe-storage-secrets.ts, this file store with every secret encrypted
//   by Electron's safeStorage (the OS keychain) before it is written;
// - headless (`oxbow serve`, ../ui-server.ts): this file store without a cipher. There is no
//   keychain to ask, so the passwords are kept UNENCRYPTED, in a file only its owner can read or
//   write (mode 0600): private, not encrypted. Anyone who can read the user's files can read them.
// - neither (tests, the library): memorySecretStore(), gone when the process exits.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface SecretStore {
  has(id: string): Promise<boolean>;
  get(id: string): Promise<string | null>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Turns a secret into what the file holds, and back. `scheme` is written into the file. */
export interface SecretCipher {
  readonly scheme: string;
  encrypt(secret: string): Promise<string>;
  decrypt(stored: string): Promise<string>;
}

export const SECRETS_FILE = 'connection-secrets.json';
const FORMAT_VERSION = 1;
const PLAIN: SecretCipher = { scheme: 'plain', encrypt: async (s) => s, decrypt: async (s) => s };

const fileSchema = z.object({
  version: z.number().int(),
  scheme: z.string(),
  secrets: z.record(z.string(), z.string()),
});

export function memorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    has: async (id) => secrets.has(id),
    get: async (id) => secrets.get(id) ?? null,
    set: async (id, secret) => void secrets.set(id, secret),
    delete: async (id) => void secrets.delete(id),
  };
}

/**
 * A JSON file `{ version, scheme, secrets: { <connection id>: <stored secret> } }`, created with
 * mode 0600 and replaced atomically (write a temporary file, rename), so a crash leaves the old
 * file or the new one, never half of either.
 */
export function fileSecretStore(file: string, cipher: SecretCipher = PLAIN): SecretStore {
  let cache: Promise<Map<string, string>> | null = null;
  // Invariant: writes run one at a time, each on the state the previous one left.
  let writing: Promise<unknown> = Promise.resolve();

  const load = (): Promise<Map<string, string>> => {
    cache ??= readSecrets(file, cipher).catch((err: unknown) => {
      cache = null; // The next call reads again (the user may fix the file).
      throw err;
    });
    return cache;
  };

  const update = (change: (secrets: Map<string, string>) => Promise<boolean>): Promise<void> => {
    const next = writing.then(async () => {
      const secrets = new Map(await load());
      if (!(await change(secrets))) return;
      await writeSecrets(file, cipher.scheme, secrets);
      cache = Promise.resolve(secrets);
    });
    writing = next.catch(() => {});
    return next;
  };

  return {
    has: async (id) => (await load()).has(id),
    get: async (id) => {
      const stored = (await load()).get(id);
      return stored === undefined ? null : cipher.decrypt(stored);
    },
    set: (id, secret) => update(async (secrets) => {
      secrets.set(id, await cipher.encrypt(secret));
      return true;
    }),
    delete: (id) => update(async (secrets) => secrets.delete(id)),
  };
}

async function readSecrets(file: string, cipher: SecretCipher): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: move it away and enter the passwords again.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a secrets file Oxbow wrote: move it away and enter the passwords again.`);
  const { version, scheme, secrets } = parsed.data;
  if (version > FORMAT_VERSION) throw new Error(`${file} was written by a newer Oxbow (format ${version}).`);
  // Sealed another way (the desktop app's keychain, read headless, or the reverse): this Oxbow
  // cannot open them, so it holds none; the screen shows "no password" and the next one saved
  // replaces the file.
  return scheme === cipher.scheme ? new Map(Object.entries(secrets)) : new Map();
}

async function writeSecrets(file: string, scheme: string, secrets: Map<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const body = JSON.stringify({ version: FORMAT_VERSION, scheme, secrets: Object.fromEntries(secrets) }, null, 2);
  try {
    await writeFile(temporary, `${body}\n`, { mode: 0o600, flag: 'wx' });
    // The mode given at creation is filtered by the umask; this one is not.
    await chmod(temporary, 0o600);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
