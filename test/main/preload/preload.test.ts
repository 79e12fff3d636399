// The preload as the page meets it: exactly the contract's functions plus subscribe, answers
// unwrapped, errors as plain ApiErrorBody data (what survives contextBridge), no Electron object.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHODS, PUSH_CHANNEL, channelOf } from '../../../main/contract/index.js';
import type { OxbowApi, PushEvent } from '../../../main/contract/index.js';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}));
vi.mock('electron', () => electron);

async function loadPreload(): Promise<OxbowApi> {
  vi.resetModules();
  electron.contextBridge.exposeInMainWorld.mockClear();
  await import('../../../main/preload/preload.js');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, OxbowApi];
  expect(key).toBe('oxbow');
  return api;
}

describe('preload', () => {
  beforeEach(() => {
    for (const fn of Object.values(electron.ipcRenderer)) fn.mockReset();
  });

  it('exposes exactly one function per contract method, plus subscribe, and nothing of Electron', async () => {
    const api = await loadPreload();
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes each method on its own channel with its argument object and resolves to the result', async () => {
    const api = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValue({ ok: true, result: [{ name: 'orders' }] });
    await expect(api.listTopics({ includeInternal: true })).resolves.toEqual([{ name: 'orders' }]);
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('listTopics'), { includeInternal: true });
    for (const method of API_METHODS) {
      electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, result: null });
      await (api[method] as (args: unknown) => Promise<unknown>)({});
      expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(`oxbow:${method}`, {});
    }
  });

  it('rejects with the error body as plain data: code, kafkaCode and message survive the bridge', async () => {
    const api = await loadPreload();
    electron.ipcRenderer.invoke.mockResolvedValue({
      ok: false,
      error: { code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists.", extra: 'dropped' },
    });
    const rejection = await api.createTopic({ name: 'orders', partitions: 3, replicationFactor: 3 }).catch((err: unknown) => err);
    expect(rejection).toEqual({ code: 'KAFKA_ERROR', kafkaCode: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists." });
    expect(Object.getPrototypeOf(rejection)).toBe(Object.prototype);
  });

  it('keeps validation issues, and turns a malformed answer or a failed invoke into an error body too', async () => {
    const api = await loadPreload();
    const issues = [{ path: 'brokerId', message: 'Expected number' }];
    electron.ipcRenderer.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Invalid arguments', issues } });
    await expect(api.stopBroker({ brokerId: 1 })).rejects.toEqual({ code: 'INVALID_ARGUMENT', message: 'Invalid arguments', issues });
    electron.ipcRenderer.invoke.mockResolvedValueOnce('not an answer');
    await expect(api.listBrokers({})).rejects.toMatchObject({ code: 'INTERNAL' });
    electron.ipcRenderer.invoke.mockRejectedValueOnce(new Error("No handler registered for 'oxbow:listBrokers'"));
    await expect(api.listBrokers({})).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('No handler registered') });
  });

  it('subscribe delivers pushed events alone (never the IPC event) and unsubscribes the same listener', async () => {
    const api = await loadPreload();
    const seen: unknown[][] = [];
    const unsubscribe = api.subscribe((...args: unknown[]) => seen.push(args));
    expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    const [channel, onPush] = electron.ipcRenderer.on.mock.calls[0] as [string, (event: unknown, pushed: PushEvent) => void];
    expect(channel).toBe(PUSH_CHANNEL);
    const pushed: PushEvent = { kind: 'changed', what: 'topics' };
    onPush({ sender: electron.ipcRenderer }, pushed);
    expect(seen).toEqual([[pushed]]);
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(PUSH_CHANNEL, onPush);
  });
});
