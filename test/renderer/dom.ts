/// <reference lib="dom" />
// What Mantine and Recharts expect of a browser that jsdom does not provide, and a render helper
// that wraps a screen in the app's providers (transitions and portals off).
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { createElement, type ReactElement } from 'react';
import { afterEach } from 'vitest';
import { Providers } from './ui.js';
import type { FakeApi } from './fake-api.js';

if (!window.matchMedia) {
  window.matchMedia = (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  });
}

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
globalThis.ResizeObserver ??= NoResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= () => {};

afterEach(() => {
  cleanup();
  delete window.oxbow;
  window.location.hash = '';
});

/** Renders `element` in the app's providers, talking to `api` as the Electron preload would. */
export function renderWith(api: FakeApi, element: ReactElement): RenderResult {
  window.oxbow = api;
  return render(createElement(Providers, { env: 'test', children: element }));
}
