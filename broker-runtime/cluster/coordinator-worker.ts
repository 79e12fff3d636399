// Entry of the coordinator worker thread: wires the supervisor's control port to a CoordinatorRunner.
// Loaded as built JS (dist/) or, under tsx/vitest, through worker-bootstrap's eval'd loader.
import { workerData } from 'node:worker_threads';
import type { CoordinatorWorkerData } from './cluster-protocol.js';
import { CoordinatorRunner } from './coordinator-runner.js';

CoordinatorRunner.serve(workerData as CoordinatorWorkerData);
