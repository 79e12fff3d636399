// Quitting waits for the cluster: brokers hand off leadership, flush and checkpoint their logs, so
// the next launch recovers nothing. `before-quit` is held until shutdown() settles, then the quit
// goes on; a second quit meanwhile (the user insisting) or a shutdown that hangs exits at once.
import type { App } from 'electron';

export interface GracefulQuitOptions {
  /** Stops everything the app runs; called at most once. */
  shutdown: () => Promise<void>;
  log: (message: string, err?: unknown) => void;
  /** A shutdown that takes longer than this is abandoned (the engine recovers unflushed logs). */
  deadlineMs?: number;
}

export type QuitApp = Pick<App, 'quit' | 'exit'> & {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
};

export function installGracefulQuit(app: QuitApp, { shutdown, log, deadlineMs = 20_000 }: GracefulQuitOptions): void {
  let state: 'running' | 'closing' | 'closed' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'closed') return;
    event.preventDefault();
    if (state === 'closing') {
      log('quit again while shutting down: exiting now');
      app.exit(0);
      return;
    }
    state = 'closing';
    const deadline = setTimeout(() => {
      log(`shutdown did not finish within ${deadlineMs} ms: exiting`);
      app.exit(1);
    }, deadlineMs);
    shutdown()
      .catch((err: unknown) => log('shutdown failed', err))
      .finally(() => {
        clearTimeout(deadline);
        state = 'closed';
        app.quit();
      });
  });
}
