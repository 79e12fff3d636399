// Quitting waits for the cluster to close, once; a second quit or a hung shutdown exits at once.
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installGracefulQuit } from '../../../main/app/graceful-quit.js';

vi.mock('electron', () => ({}));

function fakeApp() {
  const emitter = new EventEmitter();
  const app = Object.assign(emitter, {
    exit: vi.fn(),
    // Like Electron: quit() emits before-quit, and quits unless a listener prevented it.
    quit: vi.fn(() => {
      if (!beforeQuit()) app.quitted = true;
    }),
    quitted: false,
  });
  const beforeQuit = () => {
    const event = { preventDefault: vi.fn() };
    emitter.emit('before-quit', event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { app, beforeQuit };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('graceful quit', () => {
  it('holds the quit until the cluster is closed, closes it once, then quits', async () => {
    const { app, beforeQuit } = fakeApp();
    const closing = deferred();
    const shutdown = vi.fn(() => closing.promise);
    installGracefulQuit(app, { shutdown, log: vi.fn() });

    expect(beforeQuit()).toBe(true);
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(false);

    closing.resolve();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(app.exit).not.toHaveBeenCalled();
  });

  it('exits at once on a second quit while the cluster closes', () => {
    const { app, beforeQuit } = fakeApp();
    const shutdown = vi.fn(() => new Promise<void>(() => {}));
    installGracefulQuit(app, { shutdown, log: vi.fn() });
    beforeQuit();
    beforeQuit();
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(app.exit).toHaveBeenCalledWith(0);
  });

  it('still quits when closing fails, and logs why', async () => {
    const { app, beforeQuit } = fakeApp();
    const log = vi.fn();
    installGracefulQuit(app, { shutdown: () => Promise.reject(new Error('disk full')), log });
    beforeQuit();
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(log).toHaveBeenCalledWith('shutdown failed', expect.objectContaining({ message: 'disk full' }));
  });

  it('exits when the shutdown outlives its deadline', async () => {
    vi.useFakeTimers();
    const { app, beforeQuit } = fakeApp();
    installGracefulQuit(app, { shutdown: () => new Promise<void>(() => {}), log: vi.fn(), deadlineMs: 5_000 });
    beforeQuit();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(app.exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(app.exit).toHaveBeenCalledWith(1);
  });
});
