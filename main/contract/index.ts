// The typed API between the UI and the backend: types and channel names only.
// Both transports (Electron IPC through the preload, and HTTP in headless mode) implement it.
// NB: grows with the desktop-app issue; today it names the first call the UI will make.

export interface BrokerSummary {
  id: number;
  host: string;
  port: number;
  status: 'up' | 'down' | 'paused';
}

export interface OxbowApi {
  listBrokers(): Promise<BrokerSummary[]>;
}

export const channels = {
  listBrokers: 'oxbow:listBrokers',
} as const satisfies Record<keyof OxbowApi, string>;
