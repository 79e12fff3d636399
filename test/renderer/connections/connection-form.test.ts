// The connection form's rules and the calls it makes, without a DOM.
import { describe, expect, it } from 'vitest';
import { bootstrapError, initialForm, testArgs, toConnectionInput, validateForm } from '../../../renderer/screens/connections/connection-form.js';
import { saved } from './connection-fixtures.js';

describe('the connection form', () => {
  it.each([
    ['', 'Give at least one host:port.'],
    ['kafka', 'kafka is not host:port.'],
    ['kafka:0', 'kafka:0: the port must be from 1 to 65535.'],
    ['a:1, b:2 ,', undefined],
    ['[::1]:9092', undefined],
  ])('checks bootstrap servers %j', (bootstrap, error) => {
    expect(bootstrapError(bootstrap)).toBe(error);
  });

  it('needs a password for SASL unless one is stored, and an absolute CA path', () => {
    const form = { ...initialForm(), name: 'P', bootstrap: 'k:9092', saslMechanism: 'plain' as const, username: 'u', tls: true, caFile: 'ca.pem' };
    expect(validateForm(form, false)).toEqual({ password: 'SASL needs a password.', caFile: 'An absolute path, like /etc/ssl/kafka-ca.pem.' });
    expect(validateForm({ ...form, caFile: '/etc/ca.pem' }, true)).toEqual({});
  });

  it('sends no password when none was typed, and no TLS settings when TLS is off', () => {
    const form = { ...initialForm(saved[1]), tls: false };
    expect(toConnectionInput(form)).toEqual({
      name: 'Production', bootstrap: 'kafka-1.example.com:9093,kafka-2.example.com:9093', sasl: { mechanism: 'scram-sha-512', username: 'app' }, tls: null,
    });
  });

  it('tests the saved connection only when nothing was changed and no password typed', () => {
    expect(testArgs(initialForm(saved[1]), saved[1])).toEqual({ id: 'prod-1a2b3c' });
    expect(testArgs({ ...initialForm(saved[1]), password: 'new' }, saved[1])).toMatchObject({ connection: { sasl: { password: 'new' } } });
    expect(testArgs({ ...initialForm(saved[1]), bootstrap: 'k:1' }, saved[1])).toMatchObject({ connection: { bootstrap: 'k:1' } });
    expect(testArgs({ ...initialForm(), name: 'N', bootstrap: 'k:1' }, undefined)).toEqual({ connection: { name: 'N', bootstrap: 'k:1', sasl: null, tls: null } });
  });
});
