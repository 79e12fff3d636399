// Electron's entry for the desktop app (`electron dist/main/app/main.js`; electron.config.ts
// makes it the packaged app's `main`). package.json's own "main" stays the engine library.
import { app } from 'electron';
import { runDesktopApp } from './desktop-app.js';
import { startEmbeddedBackend } from './embedded-backend.js';

runDesktopApp({
  argv: process.argv,
  env: process.env,
  startBackend: (settings, dataDir) => startEmbeddedBackend(settings, dataDir, (message) => console.warn(`oxbow: ${message}`)),
});

// Ctrl-C in the terminal of `npm start` quits as the menu does: gracefully, and a second one forces.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
