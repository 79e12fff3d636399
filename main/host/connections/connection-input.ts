// What saveConnection and testConnection accept beyond the argument schema (main/contract/schemas.ts
// already checked shapes and the host:port pattern): names that are unique, ports that exist, a CA
// path that means the same whatever the working directory, and a password where SASL needs one.
// Pure, so every rule is tested without files.
import path from 'node:path';
import type { ConnectionInput } from '../../contract/index.js';
import { ApiError } from '../api-error.js';
import type { StoredConnection } from './connection-store.js';

export const EMBEDDED_ID = 'embedded';

/** What happens to the stored password: replaced, kept as it is, or removed (no SASL any more). */
export type PasswordChange = { kind: 'set'; password: string } | { kind: 'keep' } | { kind: 'remove' };

export interface NormalizedConnection {
  connection: StoredConnection;
  password: PasswordChange;
}

export interface NormalizeContext {
  id: string;
  /** Every connection's name but this one's (the embedded cluster's included). */
  otherNames: string[];
  /** Whether a password is stored for this id now. */
  hasStoredPassword: boolean;
}

type Issue = { path: string; message: string };

export function normalizeConnection(input: ConnectionInput, { id, otherNames, hasStoredPassword }: NormalizeContext): NormalizedConnection {
  const issues: Issue[] = [];
  const name = input.name.trim();
  if (!name) issues.push({ path: 'connection.name', message: 'Give the connection a name.' });
  else if (otherNames.some((other) => other.trim().toLowerCase() === name.toLowerCase())) {
    issues.push({ path: 'connection.name', message: `There is already a connection named ${name}.` });
  }
  const bootstrap = normalizeBootstrap(input.bootstrap, issues);

  let sasl: StoredConnection['sasl'] = null;
  let password: PasswordChange = { kind: 'remove' };
  if (input.sasl) {
    const username = input.sasl.username.trim();
    if (!username) issues.push({ path: 'connection.sasl.username', message: 'SASL needs a user name.' });
    sasl = { mechanism: input.sasl.mechanism, username };
    // An empty password field means "keep the stored one", as the form says.
    if (input.sasl.password) password = { kind: 'set', password: input.sasl.password };
    else if (hasStoredPassword) password = { kind: 'keep' };
    else issues.push({ path: 'connection.sasl.password', message: 'SASL needs a password.' });
  }

  let tls: StoredConnection['tls'] = null;
  if (input.tls?.enabled) {
    const caFile = input.tls.caFile?.trim() || null;
    if (caFile && !path.isAbsolute(caFile)) issues.push({ path: 'connection.tls.caFile', message: 'Give the CA file as an absolute path.' });
    tls = { caFile, rejectUnauthorized: input.tls.rejectUnauthorized ?? true };
  }

  if (issues.length > 0) throw invalid(issues);
  return { connection: { id, name, bootstrap, sasl, tls }, password };
}

/** Trims each host:port and checks the port; the schema allowed up to five digits. */
function normalizeBootstrap(bootstrap: string, issues: Issue[]): string {
  const servers = bootstrap.split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) issues.push({ path: 'connection.bootstrap', message: 'Give at least one host:port.' });
  for (const server of servers) {
    const colon = server.lastIndexOf(':');
    const port = Number(server.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65_535) {
      issues.push({ path: 'connection.bootstrap', message: `${server} is not host:port with a port from 1 to 65535.` });
    }
  }
  return [...new Set(servers)].join(',');
}

function invalid(issues: Issue[]): ApiError {
  return new ApiError({
    code: 'INVALID_ARGUMENT',
    message: issues.map((i) => i.message).join(' '),
    issues,
  });
}
