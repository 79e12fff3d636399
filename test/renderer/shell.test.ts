// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { describe, expect, it } from 'vitest';
import { parseHash, routeHash } from '../../renderer/app/routes.js';
import { Shell } from './ui.js';
import { renderWith } from './dom.js';
import { fakeApi } from './fake-api.js';

describe('routing by hash', () => {
  it.each([
    ['', { screen: 'overview' }],
    ['#/brokers', { screen: 'brokers' }],
    ['#/topics', { screen: 'topics' }],
    ['#/topics/orders.v2', { screen: 'topic', name: 'orders.v2' }],
    ['#/nowhere', { screen: 'overview' }],
  ])('%s is %j', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  it('round-trips a topic name', () => {
    const route = { screen: 'topic', name: 'a_b-c.d' } as const;
    expect(parseHash(routeHash(route))).toEqual(route);
  });
});

describe('the app shell', () => {
  it('shows the connection and moves between screens by link and by keyboard', async () => {
    renderWith(fakeApi(), h(Shell));
    expect((await screen.findByTestId('connection-name')).textContent).toBe('Local cluster');
    expect(screen.getByTestId('connection-bootstrap').textContent).toBe('127.0.0.1:19092');
    expect(await screen.findByTestId('screen-overview')).toBeTruthy();
    expect(screen.getByTestId('nav-brokers').getAttribute('href')).toBe('#/brokers');

    expect(screen.queryByTestId('shortcuts-modal')).toBeNull();
    fireEvent.keyDown(document.body, { key: '?' });
    expect(await screen.findByTestId('shortcuts-modal')).toBeTruthy();
    fireEvent.keyDown(document.body, { key: 'Escape' });

    fireEvent.keyDown(document.body, { key: 'g' });
    fireEvent.keyDown(document.body, { key: 't' });
    expect(await screen.findByTestId('screen-topics')).toBeTruthy();
    expect(window.location.hash).toBe('#/topics');

    fireEvent.keyDown(document.documentElement, { key: '2', code: 'Digit2', ctrlKey: true });
    expect(await screen.findByTestId('screen-brokers')).toBeTruthy();

    window.location.hash = '#/topics/orders';
    await waitFor(() => expect(screen.getByTestId('topic-title').textContent).toBe('orders'));
    expect(await screen.findByTestId('partition-row-0')).toBeTruthy();
  });
});
