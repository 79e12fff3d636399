// Builds the renderer: one static bundle that the Electron window loads from file:// and the
// headless host serves over HTTP, so every asset URL is relative (base './').
//
// `npm run dev:renderer` serves it with hot reload; set OXBOW_API to a running headless host
// (e.g. OXBOW_API=http://127.0.0.1:9780) and /api is proxied there.
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type Plugin } from 'vite';

// NB: no node:path here (the renderer folder is lint-fenced from Node built-ins); a file URL does the job.
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

/** The dev server injects an inline React refresh preamble that the strict CSP would block; built pages keep it. */
function relaxCspInDev(): Plugin {
  return {
    name: 'oxbow-relax-csp-in-dev',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s, ''),
  };
}

export default defineConfig(({ mode }) => {
  const apiTarget = loadEnv(mode, here, 'OXBOW_').OXBOW_API?.replace(/\/+$/, '');
  return {
    root: here,
    base: './',
    plugins: [react(), relaxCspInDev()],
    build: {
      outDir: `${here}../dist/renderer`,
      emptyOutDir: true,
      // Electron's Chromium and any current browser: no legacy transforms.
      target: 'es2022',
      chunkSizeWarningLimit: 1500,
    },
    server: {
      host: '127.0.0.1',
      // The host refuses requests from other origins (CSRF guard), so proxied calls claim its own.
      proxy: apiTarget ? { '/api': { target: apiTarget, changeOrigin: true, headers: { Origin: apiTarget } } } : undefined,
    },
  };
});
