// Saved connections as listConnections answers them, for this folder's tests.
import type { ConnectionSummary } from '../../../main/contract/index.js';

export const saved: ConnectionSummary[] = [
  { id: 'embedded', name: 'Embedded cluster', kind: 'embedded', bootstrap: '127.0.0.1:19092', sasl: null, tls: null, selected: true },
  {
    id: 'prod-1a2b3c', name: 'Production', kind: 'external', bootstrap: 'kafka-1.example.com:9093,kafka-2.example.com:9093',
    sasl: { mechanism: 'scram-sha-512', username: 'app', hasPassword: true }, tls: { enabled: true, caFile: '/etc/ssl/ca.pem', rejectUnauthorized: true }, selected: false,
  },
];
