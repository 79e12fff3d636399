// Chooses where the embedded brokers listen: kafkaPort..kafkaPort+N-1 when all are free (clients
// configured for localhost:9092 just work), otherwise free ports picked by the engine (port 0),
// so a second Kafka on the machine does not stop the app from starting.
import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

export async function chooseBasePort(preferred: number, brokers: number, host = LOOPBACK): Promise<number> {
  if (preferred === 0) return 0;
  for (let i = 0; i < brokers; i++) {
    if (!(await isPortFree(preferred + i, host))) return 0;
  }
  return preferred;
}

/**
 * NB: a probe, not a reservation: another process can take the port before the broker binds it.
 * The caller retries with port 0 when the cluster then fails to listen.
 */
export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
