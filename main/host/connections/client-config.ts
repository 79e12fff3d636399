// A connection as the Kafka client libraries take it: the stored settings, the password from the
// secret store, the CA certificate read from its file (when selecting and when testing, so a
// renewed certificate is picked up without editing the connection).
import { readFile } from 'node:fs/promises';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { ConnectionInput } from '../../contract/index.js';
import { apiError } from '../api-error.js';
import type { KafkaClientConfig } from '../host-context.js';
import type { StoredConnection } from './connection-store.js';
import type { SecretStore } from './secret-store.js';

export async function storedClientConfig(connection: StoredConnection, secrets: SecretStore): Promise<KafkaClientConfig> {
  let sasl: KafkaClientConfig['sasl'] = null;
  if (connection.sasl) {
    const password = await secrets.get(connection.id);
    if (password === null) {
      throw apiError('INVALID_ARGUMENT', `No password is stored for ${connection.name}: edit the connection and enter it again.`);
    }
    sasl = { ...connection.sasl, password };
  }
  return {
    connectionId: connection.id,
    brokers: connection.bootstrap.split(','),
    sasl,
    tls: connection.tls && { ca: await readCaFile(connection.tls.caFile), rejectUnauthorized: connection.tls.rejectUnauthorized },
  };
}

/** An unsaved connection, as typed (only what it carries: never a stored password). */
export async function inputClientConfig(input: ConnectionInput): Promise<KafkaClientConfig> {
  const tls = input.tls?.enabled ? input.tls : null;
  return {
    connectionId: 'unsaved',
    brokers: input.bootstrap.split(',').map((s) => s.trim()).filter(Boolean),
    sasl: input.sasl ? { mechanism: input.sasl.mechanism, username: input.sasl.username.trim(), password: input.sasl.password ?? '' } : null,
    tls: tls && { ca: await readCaFile(tls.caFile?.trim() || null), rejectUnauthorized: tls.rejectUnauthorized ?? true },
  };
}

/** kafkajs's `ssl` and `sasl` options of a connection. */
export function kafkajsSecurity(config: KafkaClientConfig): { ssl?: ConnectionOptions | boolean; sasl?: SASLOptions } {
  const security: { ssl?: ConnectionOptions | boolean; sasl?: SASLOptions } = {};
  if (config.tls) security.ssl = config.tls.ca === null ? { rejectUnauthorized: config.tls.rejectUnauthorized } : { ca: [config.tls.ca], rejectUnauthorized: config.tls.rejectUnauthorized };
  if (config.sasl) {
    const { mechanism, username, password } = config.sasl;
    // kafkajs types each mechanism separately; the three share one shape.
    security.sasl = { mechanism, username, password } as SASLOptions;
  }
  return security;
}

async function readCaFile(file: string | null): Promise<string | null> {
  if (file === null) return null;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message;
    throw apiError('INVALID_ARGUMENT', `The CA file ${file} cannot be read: ${reason}.`);
  }
}
