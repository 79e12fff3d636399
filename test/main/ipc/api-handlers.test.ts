// IPC handlers: every contract channel answered with HttpAnswer data, a foreign sender or bad
// arguments refused with INVALID_ARGUMENT before any backend method runs.
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, channelOf } from '../../../main/contract/index.js';
import type { ApiMethod, HttpAnswer } from '../../../main/contract/index.js';
import type { ApiHandlers } from '../../../main/host/api-dispatcher.js';
import { registerApiHandlers } from '../../../main/ipc/api-handlers.js';
import { ownWindowSenderCheck } from '../../../main/ipc/sender-check.js';

vi.mock('electron', () => ({}));

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<HttpAnswer<unknown>> | HttpAnswer<unknown>;

const PAGE = { protocol: 'oxbow:', host: 'app' };
const window = { id: 7, isDestroyed: () => false } as unknown as WebContents;

function invokeEvent({ senderId = 7, url = 'oxbow://app/index.html', subframe = false, frame = true } = {}): IpcMainInvokeEvent {
  const senderFrame = frame ? { url, parent: subframe ? {} : null } : null;
  return { sender: { id: senderId }, senderFrame } as unknown as IpcMainInvokeEvent;
}

describe('IPC API handlers', () => {
  let handlers: Map<string, Handler>;
  let backend: Record<ApiMethod, ReturnType<typeof vi.fn>>;
  let dispose: () => void;
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const log = vi.fn();

  const call = (method: ApiMethod, event: IpcMainInvokeEvent, ...args: unknown[]) => Promise.resolve(handlers.get(channelOf(method))!(event, ...args));
  const calledNothing = () => Object.values(backend).forEach((fn) => expect(fn).not.toHaveBeenCalled());

  beforeEach(() => {
    handlers = new Map();
    ipcMain.handle.mockClear();
    log.mockClear();
    backend = Object.fromEntries(API_METHODS.map((m) => [m, vi.fn(async () => null)])) as typeof backend;
    dispose = registerApiHandlers({ ipcMain, backend: backend as unknown as ApiHandlers, isTrustedSender: ownWindowSenderCheck(() => window, PAGE), log, errorLog: log });
  });

  it('registers one handler per contract method, and removes them all', () => {
    expect(ipcMain.handle).toHaveBeenCalledTimes(API_METHODS.length);
    expect([...handlers.keys()].sort()).toEqual(API_METHODS.map(channelOf).sort());
    dispose();
    expect(handlers.size).toBe(0);
  });

  it('runs a valid call from the window and answers with the result', async () => {
    backend.listTopics.mockResolvedValue([{ name: 'orders' }]);
    await expect(call('listTopics', invokeEvent(), { includeInternal: false })).resolves.toEqual({ ok: true, result: [{ name: 'orders' }] });
    expect(backend.listTopics).toHaveBeenCalledWith({ includeInternal: false });
  });

  it.each([
    ['another webContents', { senderId: 8 }],
    ['a page on another origin', { url: 'https://evil.example/index.html' }],
    ['a file:// page', { url: 'file:///home/user/index.html' }],
    ['a look-alike host', { url: 'oxbow://app.evil/index.html' }],
    ['an iframe in the window', { subframe: true }],
    ['a frame that is gone', { frame: false }],
  ])('refuses %s with INVALID_ARGUMENT and calls nothing', async (_what, sender) => {
    const answer = await call('deleteTopic', invokeEvent(sender), { name: 'orders' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('only its own window') } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('refused deleteTopic'));
    calledNothing();
  });

  it('refuses a closed window', async () => {
    dispose();
    handlers = new Map();
    registerApiHandlers({ ipcMain, backend: backend as unknown as ApiHandlers, isTrustedSender: ownWindowSenderCheck(() => null, PAGE), log });
    await expect(call('stopBroker', invokeEvent(), { brokerId: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    calledNothing();
  });

  it.each([
    ['createTopic', { name: 'bad name', partitions: 3, replicationFactor: 1 }, 'name'],
    ['createTopic', { name: 'orders', partitions: 0, replicationFactor: 1 }, 'partitions'],
    ['stopBroker', { brokerId: '1' }, 'brokerId'],
    ['listBrokers', { unexpected: true }, '(arguments)'],
    ['deleteTopic', 'orders', '(arguments)'],
  ] as const)('refuses bad arguments to %s with INVALID_ARGUMENT naming %j', async (method, args, path) => {
    const answer = await call(method, invokeEvent(), args);
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('INVALID_ARGUMENT');
    expect(answer.error.message).toContain(method);
    expect(answer.error.issues?.map((i) => i.path)).toContain(path);
    calledNothing();
  });

  it('refuses more than one argument', async () => {
    await expect(call('listBrokers', invokeEvent(), {}, { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    calledNothing();
  });

  it('answers a failing call with a plain error body instead of throwing across IPC', async () => {
    backend.stopBroker.mockRejectedValue(new Error('worker exploded'));
    const answer = await call('stopBroker', invokeEvent(), { brokerId: 2 });
    expect(answer).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'worker exploded' } });
    expect(log).toHaveBeenCalledWith('call failed', expect.any(Error));
  });
});
