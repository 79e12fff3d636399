// The saved connections' file: a round trip through a fresh store, its format version, and what
// a damaged or newer file does (a clear error naming the file, never a silent empty list).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTIONS_FILE, ConnectionStore, type StoredConnection } from '../../../../main/host/connections/connection-store.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-connections-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const prod: StoredConnection = {
  id: 'prod-a1b2c3',
  name: 'Production',
  bootstrap: 'kafka-1.example.com:9093,kafka-2.example.com:9093',
  sasl: { mechanism: 'scram-sha-512', username: 'app' },
  tls: { caFile: '/etc/ssl/ca.pem', rejectUnauthorized: true },
};
const local: StoredConnection = { id: 'local-000001', name: 'Local', bootstrap: '127.0.0.1:9092', sasl: null, tls: null };

describe('connection store', () => {
  it('starts empty without a file, and a fresh store reads back what another wrote', async () => {
    const store = new ConnectionStore(path.join(dir, 'ui'));
    expect(await store.list()).toEqual([]);
    await store.put(prod);
    await store.put(local);
    await store.put({ ...local, name: 'Local again' });
    expect(await new ConnectionStore(path.join(dir, 'ui')).list()).toEqual([prod, { ...local, name: 'Local again' }]);
    const file = JSON.parse(fs.readFileSync(path.join(dir, 'ui', CONNECTIONS_FILE), 'utf8'));
    expect(file.version).toBe(1);
    // Replaced atomically: no temporary file is left beside it.
    expect(fs.readdirSync(path.join(dir, 'ui'))).toEqual([CONNECTIONS_FILE]);
  });

  it('removes by id, answering whether there was one', async () => {
    const store = new ConnectionStore(dir);
    await store.put(prod);
    await store.put(local);
    expect(await store.remove('nope')).toBe(false);
    expect(await store.remove(prod.id)).toBe(true);
    expect((await new ConnectionStore(dir).list()).map((c) => c.id)).toEqual([local.id]);
  });

  it('runs concurrent changes one after another, losing none', async () => {
    const store = new ConnectionStore(dir);
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put({ ...local, id: `c-${i}`, name: `C ${i}` })));
    expect((await new ConnectionStore(dir).list()).map((c) => c.id).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c-${i}`).sort());
  });

  it('hands out copies: changing a listed connection changes nothing stored', async () => {
    const store = new ConnectionStore(dir);
    await store.put(prod);
    const [listed] = await store.list();
    listed.sasl!.username = 'mallory';
    expect((await store.find(prod.id))?.sasl?.username).toBe('app');
  });

  it('refuses a damaged file or one from a newer Oxbow with an error naming the file', async () => {
    const file = path.join(dir, CONNECTIONS_FILE);
    fs.writeFileSync(file, '{ not json');
    await expect(new ConnectionStore(dir).list()).rejects.toThrow(`${file} is not valid JSON`);
    fs.writeFileSync(file, JSON.stringify({ version: 1, connections: [{ id: 'x' }] }));
    await expect(new ConnectionStore(dir).list()).rejects.toThrow('is not a connections file');
    fs.writeFileSync(file, JSON.stringify({ version: 2, connections: [] }));
    await expect(new ConnectionStore(dir).list()).rejects.toThrow('newer Oxbow (format 2)');
  });

  it('reads the file again after an error, once the user has fixed it', async () => {
    const file = path.join(dir, CONNECTIONS_FILE);
    fs.writeFileSync(file, 'garbage');
    const store = new ConnectionStore(dir);
    await expect(store.list()).rejects.toThrow();
    fs.writeFileSync(file, JSON.stringify({ version: 1, connections: [local] }));
    expect(await store.list()).toEqual([local]);
  });
});
