// The window's preload: puts the contract on `window.oxbow` and nothing else.
//
// Runs sandboxed (webPreferences.sandbox), where a preload is a single CommonJS script that can
// require only a few Electron modules: Vite bundles this file and what it imports into
// dist/preload/preload.cjs (main/preload/vite.config.ts), with `electron` left as a require.
import { contextBridge, ipcRenderer } from 'electron';
import { createOxbowApi } from './oxbow-api.js';

contextBridge.exposeInMainWorld('oxbow', createOxbowApi(ipcRenderer));
