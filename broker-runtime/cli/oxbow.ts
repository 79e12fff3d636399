#!/usr/bin/env node
// The `oxbow` command line. `oxbow serve` runs the embedded cluster headless.
import { Command, InvalidArgumentError } from 'commander';
import { startCluster } from '../index.js';
import { defaultDataDir } from './data-dir.js';

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`${name} must be an integer from 0 to ${max}.`);
    return n;
  };
}

const program = new Command()
  .name('oxbow')
  .description('A real Kafka-compatible cluster on your machine.')
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the embedded cluster headless (Ctrl-C stops it gracefully).')
  .option('--brokers <n>', 'number of brokers', positiveInt('--brokers', 64), 1)
  .option('--port <port>', 'port of broker 0; broker i listens on port + i', positiveInt('--port', 65535), 9092)
  .option('--host <address>', 'listener address (loopback unless you mean otherwise)', '127.0.0.1')
  .option('--data-dir <dir>', 'where logs and metadata live', defaultDataDir())
  .option('--no-ui', 'serve the cluster only, without the web UI')
  .action(async (opts: { brokers: number; port: number; host: string; dataDir: string; ui: boolean }) => {
    if (opts.brokers < 1) throw new InvalidArgumentError('--brokers must be at least 1.');
    const cluster = await startCluster({ brokers: opts.brokers, port: opts.port, host: opts.host, dataDir: opts.dataDir });
    process.stdout.write(`Oxbow cluster ${cluster.clusterId} is up.\n`);
    for (const b of cluster.brokers) process.stdout.write(`  broker ${b.id} on ${b.host}:${b.port}\n`);
    process.stdout.write(`  data in ${cluster.dataDir}\n  bootstrap servers: ${cluster.bootstrap}\n`);
    if (opts.ui) process.stdout.write('  (the web UI is not built yet: only the Kafka listeners are served)\n');
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`${signal}: shutting down gracefully…\n`);
      await cluster.close();
      process.stdout.write('Stopped.\n');
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`oxbow: ${err.message}\n`);
  process.exit(1);
});
