// The only module of the renderer that touches the backend. In the Electron window the preload
// puts the contract on `window.oxbow`; in headless mode the same calls go over HTTP.
import type { OxbowApi } from '../../main/contract/index.js';

declare global {
  interface Window {
    oxbow?: OxbowApi;
  }
}

export function api(): OxbowApi {
  if (!window.oxbow) throw new Error('The Oxbow backend is not connected to this window.');
  return window.oxbow;
}
