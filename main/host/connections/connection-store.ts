// The saved external connections: a versioned JSON file in the host's state directory. Secrets are
// not in it (./secret-store.ts), and neither is the embedded cluster, which is always there and
// listed first by ./index.ts.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SaslMechanism } from '../../contract/index.js';

export const CONNECTIONS_FILE = 'connections.json';
const FORMAT_VERSION = 1;

export interface StoredConnection {
  id: string;
  name: string;
  /** host:port,host:port */
  bootstrap: string;
  sasl: { mechanism: SaslMechanism; username: string } | null;
  /** null: plaintext. */
  tls: { caFile: string | null; rejectUnauthorized: boolean } | null;
}

const storedConnection = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  bootstrap: z.string().min(1),
  sasl: z.object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string() }).nullable(),
  tls: z.object({ caFile: z.string().nullable(), rejectUnauthorized: z.boolean() }).nullable(),
});
// Anything else in the file (a later version's additions) is ignored, not an error.
const fileSchema = z.object({ version: z.number().int(), connections: z.array(storedConnection) });

export class ConnectionStore {
  readonly file: string;
  private cache: Promise<StoredConnection[]> | null = null;
  // Invariant: changes run one at a time, each on the list the previous one left.
  private writing: Promise<unknown> = Promise.resolve();

  constructor(stateDir: string) {
    this.file = path.join(stateDir, CONNECTIONS_FILE);
  }

  async list(): Promise<StoredConnection[]> {
    return (await this.load()).map((c) => structuredClone(c));
  }

  async find(id: string): Promise<StoredConnection | null> {
    return (await this.list()).find((c) => c.id === id) ?? null;
  }

  /** Adds the connection, or replaces the one with its id. */
  put(connection: StoredConnection): Promise<void> {
    return this.change((list) => {
      const at = list.findIndex((c) => c.id === connection.id);
      if (at >= 0) list[at] = structuredClone(connection);
      else list.push(structuredClone(connection));
      return true;
    });
  }

  /** False when there was no such connection. */
  async remove(id: string): Promise<boolean> {
    let removed = false;
    await this.change((list) => {
      const at = list.findIndex((c) => c.id === id);
      if (at < 0) return false;
      list.splice(at, 1);
      removed = true;
      return true;
    });
    return removed;
  }

  private load(): Promise<StoredConnection[]> {
    this.cache ??= readConnections(this.file).catch((err: unknown) => {
      this.cache = null; // The next call reads again (the user may fix the file).
      throw err;
    });
    return this.cache;
  }

  private change(edit: (list: StoredConnection[]) => boolean): Promise<void> {
    const next = this.writing.then(async () => {
      const list = await this.load();
      const edited = list.map((c) => structuredClone(c));
      if (!edit(edited)) return;
      await writeConnections(this.file, edited);
      this.cache = Promise.resolve(edited);
    });
    this.writing = next.catch(() => {});
    return next;
  }
}

async function readConnections(file: string): Promise<StoredConnection[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON: fix it or move it away to start with no saved connections.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a connections file Oxbow wrote: fix it or move it away.`);
  if (parsed.data.version > FORMAT_VERSION) throw new Error(`${file} was written by a newer Oxbow (format ${parsed.data.version}).`);
  return parsed.data.connections;
}

/** Atomic: a temporary file renamed over the old one, so a crash leaves one whole file. */
async function writeConnections(file: string, connections: StoredConnection[]): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify({ version: FORMAT_VERSION, connections }, null, 2)}\n`, { flag: 'wx' });
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
}
