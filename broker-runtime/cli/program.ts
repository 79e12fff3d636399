// The `oxbow` command line, defined here and run by an entry file. The engine knows nothing of the
// UI (it imports no main/), so the web UI comes in from outside: the app's entry
// (main/host/oxbow-cli.ts) passes a UiStarter that serves the UI for the cluster `serve` starts.
import { Command, InvalidArgumentError } from 'commander';
import type { ClusterHandle } from '../cluster/cluster-handle.js';
import { startCluster } from '../cluster/cluster-supervisor.js';
import { defaultDataDir } from './data-dir.js';

/** A running UI for a cluster: where to open it, and how to stop it (the cluster is not its to close). */
export interface UiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the UI for `cluster` on `port` (0: a free one). */
export type UiStarter = (cluster: ClusterHandle, options: { port: number }) => Promise<UiServer>;

export interface OxbowProgramOptions {
  /** Without one, `serve` runs the Kafka listeners only, as with --no-ui. */
  startUi?: UiStarter;
  /** Where `serve` reports; the process's stdout unless a test listens. */
  out?: (text: string) => void;
}

interface ServeOptions {
  brokers: number;
  port: number;
  host: string;
  dataDir: string;
  ui: boolean;
  uiPort: number;
}

function intInRange(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    return n;
  };
}

export function oxbowProgram(options: OxbowProgramOptions = {}): Command {
  const out = options.out ?? ((text: string) => void process.stdout.write(text));
  const program = new Command()
    .name('oxbow')
    .description('A real Kafka-compatible cluster on your machine.')
    .showHelpAfterError();

  program
    .command('serve')
    .description('Run the embedded cluster headless, with its web UI on 127.0.0.1 (Ctrl-C stops it gracefully).')
    .option('--brokers <n>', 'number of brokers', intInRange('--brokers', 1, 64), 3)
    .option('--port <port>', 'port of broker 0; broker i listens on port + i (0: free ports)', intInRange('--port', 0, 65535), 9092)
    .option('--host <address>', 'listener address (loopback unless you mean otherwise)', '127.0.0.1')
    .option('--data-dir <dir>', 'where logs and metadata live', defaultDataDir())
    .option('--ui-port <port>', 'port of the web UI, always on 127.0.0.1 (0: a free port)', intInRange('--ui-port', 0, 65535), 8080)
    .option('--no-ui', 'serve the cluster only, without the web UI')
    .action(async (opts: ServeOptions) => {
      const cluster = await startCluster({ brokers: opts.brokers, port: opts.port, host: opts.host, dataDir: opts.dataDir });
      out(`Oxbow cluster ${cluster.clusterId} is up.\n`);
      for (const b of cluster.brokers) out(`  broker ${b.id} on ${b.host}:${b.port}\n`);
      out(`  data in ${cluster.dataDir}\n  bootstrap servers: ${cluster.bootstrap}\n`);
      let ui: UiServer | null = null;
      if (opts.ui && options.startUi) {
        try {
          ui = await options.startUi(cluster, { port: opts.uiPort });
        } catch (err) {
          await cluster.close();
          throw err;
        }
        out(`  UI: ${ui.url}\n`);
      } else if (opts.ui) {
        out('  (the web UI is not built yet: only the Kafka listeners are served)\n');
      }
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        out(`${signal}: shutting down gracefully…\n`);
        await ui?.close();
        await cluster.close();
        out('Stopped.\n');
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });

  return program;
}

/** Runs the command line as an entry file does: errors are printed, and exit with status 1. */
export function runOxbow(argv: readonly string[], options: OxbowProgramOptions = {}): void {
  oxbowProgram(options).parseAsync([...argv]).catch((err: Error) => {
    process.stderr.write(`oxbow: ${err.message}\n`);
    process.exit(1);
  });
}
