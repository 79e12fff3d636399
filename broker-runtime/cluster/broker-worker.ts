// Entry of a broker worker thread: wires the ports the supervisor gave it to a BrokerRunner.
// Loaded as built JS (dist/) or, under tsx/vitest, through worker-bootstrap's eval'd loader.
import { workerData } from 'node:worker_threads';
import type { BrokerWorkerData } from './cluster-protocol.js';
import { BrokerRunner } from './broker-runner.js';

BrokerRunner.serve(workerData as BrokerWorkerData);
