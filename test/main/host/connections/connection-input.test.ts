// The rules of saveConnection beyond the argument schema: every refusal names its field.
import { describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../../../main/contract/index.js';
import { ApiError } from '../../../../main/host/api-error.js';
import { type NormalizeContext, normalizeConnection } from '../../../../main/host/connections/connection-input.js';

const context: NormalizeContext = { id: 'c1', otherNames: ['Embedded cluster', 'Staging'], hasStoredPassword: false };

function issues(input: ConnectionInput, ctx: Partial<NormalizeContext> = {}) {
  try {
    normalizeConnection(input, { ...context, ...ctx });
  } catch (err) {
    if (err instanceof ApiError && err.body.code === 'INVALID_ARGUMENT') return err.body.issues;
    throw err;
  }
  return [];
}

describe('normalizing a connection', () => {
  it('trims, drops duplicate servers, and defaults TLS to verifying the server', () => {
    const normalized = normalizeConnection({
      name: '  Prod ',
      bootstrap: 'a.example.com:9093, b.example.com:9093,a.example.com:9093',
      sasl: { mechanism: 'scram-sha-256', username: ' app ', password: 's3cret' },
      tls: { enabled: true, caFile: ' /etc/ca.pem ' },
    }, context);
    expect(normalized).toEqual({
      connection: {
        id: 'c1', name: 'Prod', bootstrap: 'a.example.com:9093,b.example.com:9093',
        sasl: { mechanism: 'scram-sha-256', username: 'app' },
        tls: { caFile: '/etc/ca.pem', rejectUnauthorized: true },
      },
      password: { kind: 'set', password: 's3cret' },
    });
    // The password is not part of what is stored.
    expect(JSON.stringify(normalized.connection)).not.toContain('s3cret');
  });

  it('keeps the stored password when none is typed, and removes it with SASL turned off', () => {
    const input = { name: 'Prod', bootstrap: 'k:9092', sasl: { mechanism: 'plain' as const, username: 'u' } };
    expect(normalizeConnection(input, { ...context, hasStoredPassword: true }).password).toEqual({ kind: 'keep' });
    expect(normalizeConnection({ ...input, sasl: { ...input.sasl, password: '' } }, { ...context, hasStoredPassword: true }).password).toEqual({ kind: 'keep' });
    expect(normalizeConnection({ ...input, sasl: null }, { ...context, hasStoredPassword: true }).password).toEqual({ kind: 'remove' });
  });

  it('treats TLS turned off as plaintext, whatever the CA field held', () => {
    expect(normalizeConnection({ name: 'P', bootstrap: 'k:9092', tls: { enabled: false, caFile: 'relative.pem' } }, context).connection.tls).toBeNull();
  });

  it.each<[string, ConnectionInput, Partial<NormalizeContext>, { path: string; message: string }[]]>([
    ['an empty name', { name: '   ', bootstrap: 'k:9092' }, {}, [{ path: 'connection.name', message: 'Give the connection a name.' }]],
    ['a name taken, whatever its case', { name: 'staging', bootstrap: 'k:9092' }, {}, [{ path: 'connection.name', message: 'There is already a connection named staging.' }]],
    ['port 0', { name: 'P', bootstrap: 'k:0' }, {}, [{ path: 'connection.bootstrap', message: 'k:0 is not host:port with a port from 1 to 65535.' }]],
    ['a port past 65535', { name: 'P', bootstrap: 'k:9092,k:70000' }, {}, [{ path: 'connection.bootstrap', message: 'k:70000 is not host:port with a port from 1 to 65535.' }]],
    ['SASL without a user', { name: 'P', bootstrap: 'k:9092', sasl: { mechanism: 'plain', username: ' ', password: 'x' } }, {}, [{ path: 'connection.sasl.username', message: 'SASL needs a user name.' }]],
    ['SASL with no password typed or stored', { name: 'P', bootstrap: 'k:9092', sasl: { mechanism: 'plain', username: 'u' } }, {}, [{ path: 'connection.sasl.password', message: 'SASL needs a password.' }]],
    ['a relative CA path', { name: 'P', bootstrap: 'k:9092', tls: { enabled: true, caFile: 'certs/ca.pem' } }, {}, [{ path: 'connection.tls.caFile', message: 'Give the CA file as an absolute path.' }]],
  ])('refuses %s', (_what, input, ctx, expected) => {
    expect(issues(input, ctx)).toEqual(expected);
  });

  it('allows its own name when editing (the caller leaves it out of otherNames)', () => {
    expect(normalizeConnection({ name: 'Prod', bootstrap: 'k:9092' }, { ...context, otherNames: ['Embedded cluster'] }).connection.name).toBe('Prod');
  });
});
