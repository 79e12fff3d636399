// The cluster id, created once and kept beside the metadata log (Kafka keeps it in
// meta.properties). The file carries a format version like every Oxbow state file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { uuidFromBytes } from '../protocol/primitives/uuid.js';

const FILE = 'cluster.json';
const VERSION = 1;

export function readOrCreateClusterId(dir: string): string {
  const file = path.join(dir, FILE);
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(file)) {
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: number; clusterId?: string };
    if (stored.version !== VERSION || typeof stored.clusterId !== 'string') {
      throw new Error(`${file} has an unknown format (version ${stored.version}); this Oxbow reads version ${VERSION}`);
    }
    return stored.clusterId;
  }
  const clusterId = uuidFromBytes(crypto.randomBytes(16));
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: VERSION, clusterId })}\n`);
  fs.renameSync(tmp, file);
  return clusterId;
}
