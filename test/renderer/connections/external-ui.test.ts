// @vitest-environment jsdom
// What changes in the rest of the app while an external cluster is selected: no Brokers entry in
// the navigation, no broker controls, map or timeline, and a header that names the connection and
// switches between them.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../main/contract/index.js';
import { renderWith } from '../dom.js';
import { fakeApi, overview } from '../fake-api.js';
import { BrokersScreen, OverviewScreen, Shell } from '../ui.js';
import { saved } from './connection-fixtures.js';

const production: ConnectionInfo = { kind: 'external', name: 'Production', bootstrap: saved[1].bootstrap, clusterId: 'Xy12', dataDir: null };

function externalApi() {
  let selected: ConnectionInfo = production;
  return fakeApi({
    getConnection: async () => selected,
    getOverview: async () => ({ ...overview, connection: selected, recentEvents: [] }),
    listConnections: async () => saved.map((c) => ({ ...c, selected: c.id === (selected.kind === 'embedded' ? 'embedded' : 'prod-1a2b3c') })),
    getClusterMap: () => Promise.reject({ code: 'UNSUPPORTED', message: 'not on an external cluster' }),
    listEvents: () => Promise.reject({ code: 'UNSUPPORTED', message: 'not on an external cluster' }),
    selectConnection: async ({ id }) => {
      selected = id === 'embedded' ? overview.connection : production;
      return selected;
    },
  });
}

describe('an external cluster selected', () => {
  it('hides Brokers from the navigation and brings it back with the embedded cluster', async () => {
    const api = externalApi();
    renderWith(api, h(Shell));
    expect((await screen.findByTestId('connection-name')).textContent).toBe('Production');
    expect(screen.getByTestId('connection-kind').textContent).toBe('external');
    await waitFor(() => expect(screen.queryByTestId('nav-brokers')).toBeNull());
    expect(screen.getByTestId('nav-topics')).toBeTruthy();

    fireEvent.click(screen.getByTestId('connection-switcher'));
    fireEvent.click(await screen.findByTestId('connection-switch-embedded'));
    await waitFor(() => expect(api.callsOf('selectConnection')).toEqual([{ id: 'embedded' }]));
    api.push({ kind: 'changed', what: 'connections' });
    await waitFor(() => expect(screen.getByTestId('connection-name').textContent).toBe('Local cluster'));
    expect(await screen.findByTestId('nav-brokers')).toBeTruthy();
  });

  it('lists the brokers without controls, and asks for no map or timeline', async () => {
    const api = externalApi();
    renderWith(api, h(BrokersScreen));
    expect((await screen.findByTestId('brokers-external')).textContent).toContain('Production is an external cluster');
    expect(await screen.findByTestId('broker-row-0')).toBeTruthy();
    expect(screen.queryByTestId('broker-kill-0')).toBeNull();
    expect(screen.queryByTestId('add-broker')).toBeNull();
    expect(screen.queryByTestId('restart-coordinator')).toBeNull();
    expect(api.callsOf('getClusterMap')).toEqual([]);
    expect(api.callsOf('listEvents')).toEqual([]);
  });

  it('shows the overview without bytes charts or a timeline, and calls the coordinator the controller', async () => {
    renderWith(externalApi(), h(OverviewScreen));
    expect((await screen.findByTestId('overview-external-note')).textContent).toContain('Production is an external cluster');
    expect(screen.getByTestId('throughput-messages-in')).toBeTruthy();
    expect(screen.queryByTestId('throughput-bytes-in')).toBeNull();
    expect(screen.queryByTestId('overview-all-events')).toBeNull();
    expect(screen.getByTestId('overview-coordinator').textContent).toContain('Controller');
  });
});
