// Where the built pieces live, relative to this module: dist/main/app/ in a checkout
// (`electron dist/main/app/main.js`) and inside app.asar when packaged (electron.config.ts).
import { fileURLToPath } from 'node:url';

/** dist/renderer: the Vite build of the UI, served over the app protocol. */
export function rendererRoot(): string {
  return fileURLToPath(new URL('../../renderer/', import.meta.url));
}

/** dist/preload/preload.cjs: the bundled, sandbox-ready preload (main/preload/vite.config.ts). */
export function preloadPath(): string {
  return fileURLToPath(new URL('../../preload/preload.cjs', import.meta.url));
}
