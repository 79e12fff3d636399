// @vitest-environment jsdom
// The connections screen over the fake transport: the list, the add/edit form with its checks and
// its write-only password, "Test" with its answer, removal behind a confirmation, and "Use".
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { renderWith } from '../dom.js';
import { fakeApi } from '../fake-api.js';
import { ConnectionsScreen } from '../ui.js';
import { saved } from './connection-fixtures.js';

const type = (testId: string, value: string) => fireEvent.change(screen.getByTestId(testId), { target: { value } });
const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;

function connectionsApi(overrides: Parameters<typeof fakeApi>[0] = {}) {
  return fakeApi({
    listConnections: async () => saved,
    saveConnection: async ({ id }) => ({ id: id ?? 'new-000001' }),
    testConnection: async () => ({ ok: true, clusterId: 'Xy12', brokers: 3, latencyMs: 42, error: null }),
    removeConnection: async () => null,
    selectConnection: async () => ({ kind: 'external', name: 'Production', bootstrap: saved[1].bootstrap, clusterId: 'Xy12', dataDir: null }),
    ...overrides,
  });
}

describe('the connections screen', () => {
  it('lists the embedded cluster in use and the saved connections, without ways to remove the embedded one', async () => {
    renderWith(connectionsApi(), h(ConnectionsScreen));
    const prod = await screen.findByTestId('connection-row-prod-1a2b3c');
    expect(prod.textContent).toContain('kafka-1.example.com:9093,kafka-2.example.com:9093');
    expect(prod.textContent).toContain('SCRAM-SHA-512 as app');
    expect(prod.textContent).toContain('on');
    const embedded = screen.getByTestId('connection-row-embedded');
    expect(within(embedded).getByTestId('connection-selected-embedded').textContent).toBe('in use');
    expect(within(embedded).queryByTestId('connection-remove-embedded')).toBeNull();
    expect((screen.getByTestId('connection-use-embedded') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('connection-use-prod-1a2b3c') as HTMLButtonElement).disabled).toBe(false);
  });

  it('adds a connection with SASL and TLS, checking the servers before anything is sent', async () => {
    const api = connectionsApi();
    renderWith(api, h(ConnectionsScreen));
    fireEvent.click(await screen.findByTestId('connection-add'));
    type('connection-name', 'Staging');
    type('connection-bootstrap', 'kafka.staging:9092, kafka.staging:99999');
    fireEvent.click(screen.getByTestId('connection-save'));
    expect(await screen.findByText('kafka.staging:99999: the port must be from 1 to 65535.')).toBeTruthy();
    expect(api.callsOf('saveConnection')).toEqual([]);

    type('connection-bootstrap', 'kafka.staging:9092, kafka.staging:9093');
    type('connection-sasl-mechanism', 'plain');
    type('connection-username', 'svc');
    fireEvent.click(screen.getByTestId('connection-save'));
    expect(await screen.findByText('SASL needs a password.')).toBeTruthy();
    type('connection-password', 's3cret');
    fireEvent.click(screen.getByTestId('connection-tls'));
    type('connection-ca-file', '/etc/ssl/staging-ca.pem');
    fireEvent.click(screen.getByTestId('connection-save'));
    await waitFor(() => expect(api.callsOf('saveConnection')).toHaveLength(1));
    expect(api.callsOf('saveConnection')[0]).toEqual({
      connection: {
        name: 'Staging',
        bootstrap: 'kafka.staging:9092,kafka.staging:9093',
        sasl: { mechanism: 'plain', username: 'svc', password: 's3cret' },
        tls: { enabled: true, caFile: '/etc/ssl/staging-ca.pem', rejectUnauthorized: true },
      },
    });
    await waitFor(() => expect(screen.queryByTestId('connection-form')).toBeNull());
  });

  it('edits with the password left empty: the stored one is kept, and the test uses the saved connection', async () => {
    const api = connectionsApi();
    renderWith(api, h(ConnectionsScreen));
    fireEvent.click(await screen.findByTestId('connection-edit-prod-1a2b3c'));
    expect(field('connection-name').value).toBe('Production');
    expect(field('connection-password').value).toBe('');
    expect(screen.getByText('Leave empty to keep the stored one.')).toBeTruthy();
    expect(field('connection-ca-file').value).toBe('/etc/ssl/ca.pem');

    fireEvent.click(screen.getByTestId('connection-test'));
    const result = await screen.findByTestId('connection-test-result');
    expect(result.getAttribute('data-ok')).toBe('true');
    expect(result.textContent).toContain('Cluster Xy12, 3 brokers, answered in 42 ms.');
    expect(api.callsOf('testConnection')).toEqual([{ id: 'prod-1a2b3c' }]);

    type('connection-name', 'Prod');
    fireEvent.click(screen.getByTestId('connection-save'));
    await waitFor(() => expect(api.callsOf('saveConnection')).toHaveLength(1));
    const [{ id, connection }] = api.callsOf('saveConnection');
    expect(id).toBe('prod-1a2b3c');
    expect(connection.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'app' });
  });

  it('tests what is typed, and shows a failure in words', async () => {
    const api = connectionsApi({
      testConnection: async () => ({ ok: false, clusterId: null, brokers: 0, latencyMs: 3, error: 'Cannot reach k:9092: connection refused.' }),
    });
    renderWith(api, h(ConnectionsScreen));
    fireEvent.click(await screen.findByTestId('connection-add'));
    type('connection-name', 'Dev');
    type('connection-bootstrap', 'k:9092');
    fireEvent.click(screen.getByTestId('connection-test'));
    const result = await screen.findByTestId('connection-test-result');
    expect(result.getAttribute('data-ok')).toBe('false');
    expect(result.textContent).toContain('Cannot reach k:9092: connection refused.');
    expect(api.callsOf('testConnection')).toEqual([{ connection: { name: 'Dev', bootstrap: 'k:9092', sasl: null, tls: null } }]);
    // Changing the form clears an answer about what it held before.
    type('connection-bootstrap', 'k:9093');
    await waitFor(() => expect(screen.queryByTestId('connection-test-result')).toBeNull());
  });

  it('removes a connection only after the confirmation', async () => {
    const api = connectionsApi();
    renderWith(api, h(ConnectionsScreen));
    fireEvent.click(await screen.findByTestId('connection-remove-prod-1a2b3c'));
    expect((await screen.findByTestId('confirm-modal')).textContent).toContain('stored password');
    fireEvent.click(screen.getByTestId('confirm-cancel'));
    expect(api.callsOf('removeConnection')).toEqual([]);
    fireEvent.click(screen.getByTestId('connection-remove-prod-1a2b3c'));
    fireEvent.click(await screen.findByTestId('connection-remove-confirm'));
    await waitFor(() => expect(api.callsOf('removeConnection')).toEqual([{ id: 'prod-1a2b3c' }]));
  });

  it('uses a connection, and shows why it could not', async () => {
    const api = connectionsApi({ selectConnection: () => Promise.reject({ code: 'UNAVAILABLE', message: 'Production cannot be used: no answer.' }) });
    renderWith(api, h(ConnectionsScreen));
    fireEvent.click(await screen.findByTestId('connection-use-prod-1a2b3c'));
    expect((await screen.findByTestId('connection-use-error')).textContent).toContain('Production cannot be used: no answer.');
    expect(api.callsOf('selectConnection')).toEqual([{ id: 'prod-1a2b3c' }]);
  });

  it('refetches the list when the backend says connections changed', async () => {
    const api = connectionsApi();
    renderWith(api, h(ConnectionsScreen));
    await screen.findByTestId('connection-row-prod-1a2b3c');
    const before = api.callsOf('listConnections').length;
    api.push({ kind: 'changed', what: 'connections' });
    await waitFor(() => expect(api.callsOf('listConnections').length).toBe(before + 1));
  });
});
