// The add/edit connection form: its values, its checks (the backend checks again), and the calls
// it makes. The password is write-only: the form starts empty, and empty means "keep the stored one".
import type { ConnectionInput, ConnectionSummary, SaslMechanism } from '../../../main/contract/index.js';

export interface ConnectionForm {
  name: string;
  bootstrap: string;
  saslMechanism: 'none' | SaslMechanism;
  username: string;
  password: string;
  tls: boolean;
  caFile: string;
  rejectUnauthorized: boolean;
}

export const SASL_MECHANISMS: { value: ConnectionForm['saslMechanism']; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'plain', label: 'PLAIN' },
  { value: 'scram-sha-256', label: 'SCRAM-SHA-256' },
  { value: 'scram-sha-512', label: 'SCRAM-SHA-512' },
];

export function mechanismLabel(mechanism: SaslMechanism): string {
  return SASL_MECHANISMS.find((m) => m.value === mechanism)?.label ?? mechanism;
}

export function initialForm(saved?: ConnectionSummary): ConnectionForm {
  return {
    name: saved?.name ?? '',
    bootstrap: saved?.bootstrap ?? '',
    saslMechanism: saved?.sasl?.mechanism ?? 'none',
    username: saved?.sasl?.username ?? '',
    password: '',
    tls: saved?.tls?.enabled ?? false,
    caFile: saved?.tls?.caFile ?? '',
    rejectUnauthorized: saved?.tls?.rejectUnauthorized ?? true,
  };
}

export type FormErrors = Partial<Record<keyof ConnectionForm, string>>;

// The contract's pattern for one server (main/contract/schemas.ts), and a port that exists.
const SERVER = /^[A-Za-z0-9.\-_[\]:]+:(\d{1,5})$/;

export function bootstrapError(bootstrap: string): string | undefined {
  const servers = bootstrap.split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) return 'Give at least one host:port.';
  for (const server of servers) {
    const port = SERVER.exec(server)?.[1];
    if (port === undefined) return `${server} is not host:port.`;
    if (Number(port) < 1 || Number(port) > 65_535) return `${server}: the port must be from 1 to 65535.`;
  }
  return undefined;
}

/** `hasStoredPassword`: editing a connection whose password is kept, so the field may stay empty. */
export function validateForm(form: ConnectionForm, hasStoredPassword: boolean): FormErrors {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = 'Give the connection a name.';
  const bootstrap = bootstrapError(form.bootstrap);
  if (bootstrap) errors.bootstrap = bootstrap;
  if (form.saslMechanism !== 'none') {
    if (!form.username.trim()) errors.username = 'SASL needs a user name.';
    if (!form.password && !hasStoredPassword) errors.password = 'SASL needs a password.';
  }
  const caFile = form.caFile.trim();
  if (form.tls && caFile && !caFile.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(caFile)) errors.caFile = 'An absolute path, like /etc/ssl/kafka-ca.pem.';
  return errors;
}

/** The canonical servers: trimmed, without empty entries, so "a:1, b:2" saves as "a:1,b:2". */
function canonicalBootstrap(bootstrap: string): string {
  return bootstrap.split(',').map((s) => s.trim()).filter(Boolean).join(',');
}

export function toConnectionInput(form: ConnectionForm): ConnectionInput {
  const sasl = form.saslMechanism === 'none'
    ? null
    : { mechanism: form.saslMechanism, username: form.username.trim(), ...(form.password ? { password: form.password } : {}) };
  return {
    name: form.name.trim(),
    bootstrap: canonicalBootstrap(form.bootstrap),
    sasl,
    tls: form.tls ? { enabled: true, caFile: form.caFile.trim() || null, rejectUnauthorized: form.rejectUnauthorized } : null,
  };
}

/**
 * What "Test" sends. A test of what is typed carries only what is typed, never the stored password;
 * so an edit that left the password empty and changed nothing else tests the saved connection.
 */
export function testArgs(form: ConnectionForm, saved: ConnectionSummary | undefined): { id: string } | { connection: ConnectionInput } {
  if (saved && form.password === '' && sameAsSaved(form, saved)) return { id: saved.id };
  return { connection: toConnectionInput(form) };
}

function sameAsSaved(form: ConnectionForm, saved: ConnectionSummary): boolean {
  const typed = toConnectionInput(form);
  const original = toConnectionInput(initialForm(saved));
  return JSON.stringify(typed) === JSON.stringify(original);
}
