import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chooseBasePort, isPortFree } from '../../../main/app/ports.js';

vi.mock('electron', () => ({}));

const servers: net.Server[] = [];

async function listenOnFreePort(): Promise<number> {
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return (server.address() as net.AddressInfo).port;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('broker ports', () => {
  it('keeps the preferred range when every port in it is free', async () => {
    const port = await listenOnFreePort();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await isPortFree(port)).toBe(true);
    expect(await chooseBasePort(port, 1)).toBe(port);
  });

  it('falls back to engine-picked free ports (0) when any port of the range is taken', async () => {
    const taken = await listenOnFreePort();
    expect(await isPortFree(taken)).toBe(false);
    expect(await chooseBasePort(taken, 3)).toBe(0);
    expect(await chooseBasePort(taken - 1, 3)).toBe(0);
  });

  it('leaves 0 alone', async () => {
    expect(await chooseBasePort(0, 3)).toBe(0);
  });
});
