// "Test" on the connections screen: kafkajs's wrapped failures become one sentence naming the
// host and what to check; TLS settings reach the handshake (a self-signed server is refused
// unless its CA is given or verification is off). The server certificate is made by openssl for
// this run, in a temporary directory.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeConnectionError, probeConnection } from '../../../../main/host/connections/connection-test.js';
import type { KafkaClientConfig } from '../../../../main/host/host-context.js';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } = kafkajs;
// kafkajs's types declare no constructor arguments for it; the class takes a message like its base.
const KafkaJSSASLAuthenticationError = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const plain: KafkaClientConfig = { connectionId: 'x', brokers: ['k1:9092', 'k2:9092'], sasl: null, tls: null };

describe('describing a failed connection', () => {
  it('names an authentication failure, through kafkajs’s retry wrapper', () => {
    const err = new KafkaJSNumberOfRetriesExceeded(new KafkaJSSASLAuthenticationError('SASL SCRAM SHA512 authentication failed: invalid credentials'), { retryCount: 0, retryTime: 0 });
    expect(describeConnectionError(err, { ...plain, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } }))
      .toBe('Authentication failed (SASL SCRAM-SHA-512) at k1:9092, k2:9092: SASL SCRAM SHA512 authentication failed: invalid credentials. Check the user name, the password and the mechanism.');
  });

  it('names the Kafka error SASL_AUTHENTICATION_FAILED as one', () => {
    const err = new KafkaJSProtocolError({ message: 'Authentication failed', type: 'SASL_AUTHENTICATION_FAILED', code: 58, retriable: false } as never);
    expect(describeConnectionError(err, plain)).toMatch(/^Authentication failed \(SASL none\)/);
  });

  it('names an untrusted certificate and a refused or unknown host, with the broker kafkajs tried', () => {
    const cert = new KafkaJSConnectionError('Connection error: unable to verify the first certificate', { broker: 'k2:9093', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(describeConnectionError(cert, plain)).toBe(
      'TLS: the server\'s certificate is not trusted at k2:9093 (unable to verify the first certificate). Give the CA file that signed it, or turn off "reject unauthorized" for a test cluster.');
    expect(describeConnectionError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED', { broker: 'k1:9092', code: 'ECONNREFUSED' }), plain))
      .toBe('Cannot reach k1:9092: connection refused. Is the cluster running, and is this its address?');
    expect(describeConnectionError(new KafkaJSConnectionError('Connection error: getaddrinfo ENOTFOUND k1', { broker: 'k1:9092', code: 'ENOTFOUND' }), plain))
      .toBe('Cannot reach k1:9092: unknown host.');
  });

  it('suggests TLS or SASL when a listener stays silent', () => {
    expect(describeConnectionError(new KafkaJSConnectionError('Connection timeout', { broker: 'k1:9092' }), plain))
      .toBe('No answer from k1:9092 in time. Is the cluster up? A listener that expects TLS or SASL may also stay silent.');
  });

  it('falls back to the innermost message', () => {
    expect(describeConnectionError(new Error('something odd'), plain)).toBe('Cannot connect to k1:9092, k2:9092: something odd');
  });
});

describe('probing a TLS listener', () => {
  let dir: string;
  let server: tls.Server;
  let address: string;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-tls-'));
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'ca.pem'),
    ]);
    // Completes the handshake, then says nothing: far enough to show which TLS settings were used.
    server = tls.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'ca.pem')) }, (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server?.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed server without its CA', async () => {
    const result = await probeConnection({ connectionId: 'x', brokers: [address], sasl: null, tls: { ca: null, rejectUnauthorized: true } }, { timeoutMs: 3_000 });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(new RegExp(`^TLS: the server's certificate is not trusted at ${address} \\(self[- ]signed certificate\\)`));
  });

  it('gets past the handshake with the CA given, or with verification off', async () => {
    const ca = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    for (const settings of [{ ca, rejectUnauthorized: true }, { ca: null, rejectUnauthorized: false }]) {
      const result = await probeConnection({ connectionId: 'x', brokers: [address], sasl: null, tls: settings }, { timeoutMs: 1_500 });
      expect(result.ok).toBe(false);
      expect(result.error).toBe(`No answer from ${address} in time. Is the cluster up, and does this listener speak TLS?`);
    }
  });
});
