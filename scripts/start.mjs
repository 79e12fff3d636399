// `npm start`: opens the desktop app from the build in dist/ (npm start builds first).
//
// The electron package fetches its binary on first use (electron >= 42 has no install script).
// Where that cannot happen (no network, a blocked download) this says so and points at the
// headless face, which serves the same UI to a browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/main/app/main.js', import.meta.url));
if (!existsSync(entry)) {
  console.error(`oxbow: ${entry} is missing: run \`npm run build\` first (\`npm start\` does).`);
  process.exit(1);
}

let electron;
try {
  // In plain Node, require('electron') is the path of the binary, downloading it if need be.
  electron = createRequire(import.meta.url)('electron');
} catch (err) {
  console.error(`
oxbow: the Electron binary is not available, so the desktop window cannot open here.
  (${err instanceof Error ? err.message : String(err)})

  The same app runs headless, with its UI in your browser:
      npm run serve

  The electron package downloads its binary from GitHub the first time it runs: with network
  access, \`npm start\` again.
`);
  process.exit(1);
}

// ELECTRON_RUN_AS_NODE (set by some editors' terminals) would run main.js as a plain Node script.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron, [entry, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C reaches Electron through the terminal's process group; a signal sent to this process
// alone (a process manager) is passed on, and the app shuts its cluster down gracefully.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  console.error(`oxbow: could not run ${electron}: ${err.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
