// electron-builder configuration: `npm run dist` (electron-builder -c electron.config.ts).
// test/main/app/packaging.test.ts builds the `dir` target with a stand-in Electron binary and
// checks what lands in app.asar.
import type { Configuration } from 'electron-builder';

/**
 * What must be real files on disk rather than entries of app.asar:
 * - the engine. Brokers and the coordinator run in worker threads started from
 *   `new URL('./broker-worker.js', import.meta.url)` (broker-runtime/cluster/worker-bootstrap.ts),
 *   a path inside app.asar. Electron (>= 17.3) reads asar entries in workers, and an unpacked entry
 *   is read from app.asar.unpacked transparently; unpacking keeps the workers' ES modules off the
 *   least-trodden path (ESM loading inside a worker inside asar) and lets the engine point a worker
 *   at app.asar.unpacked directly should that path fail.
 * - the engine's native modules (N-API prebuilds) with their JS loaders and platform packages, so
 *   a worker loaded from app.asar.unpacked resolves them beside it. Node cannot dlopen from asar.
 */
const UNPACKED = [
  'dist/broker-runtime/**',
  '**/node_modules/@node-rs/**',
  '**/node_modules/@napi-rs/**',
  '**/node_modules/@antoniomuso/**',
  '**/node_modules/snappy/**',
  '**/node_modules/lz4-napi/**',
  '**/node_modules/zstd-napi/**',
  '**/*.node',
];

const config: Configuration = {
  appId: 'dev.oxbow.app',
  productName: 'Oxbow',
  directories: { output: 'release' },
  // Production dependencies are added by electron-builder itself (devDependencies never are:
  // React, Mantine and the rest are bundled into dist/renderer by Vite).
  files: [
    'package.json',
    'dist/main/**/*',
    'dist/preload/**/*',
    'dist/renderer/**/*',
    'dist/broker-runtime/**/*',
    // Type declarations and source maps point at sources the app does not ship.
    '!dist/**/*.d.ts',
    '!dist/**/*.map',
    // zstd-napi ships its C sources and build intermediates: only build/Release/binding.node runs.
    '!**/node_modules/zstd-napi/{deps,src,build/Release/obj.target,build/Release/.deps}/**',
  ],
  // package.json's own "main" is the engine library (`import 'oxbow'`); the app's is the shell.
  extraMetadata: { main: 'dist/main/app/main.js' },
  asar: true,
  asarUnpack: UNPACKED,
  // The native modules are N-API prebuilds, ABI-stable across Node and Electron: nothing to
  // rebuild, and a rebuild would need Electron's headers from the network.
  npmRebuild: false,
  nodeGypRebuild: false,
  linux: { target: ['AppImage', 'deb'], category: 'Development' },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools' },
  win: { target: ['nsis'] },
};

export default config;
