// The Python clients (Debian's python3-confluent-kafka and python3-kafka), driven by the small
// scripts in ./python: a JSON request on stdin, JSON lines on stdout.
import { fileURLToPath } from 'node:url';
import { runChecked } from './child-process.js';
import { type Codec, type ConsumedRecord, type ProducedRecord, type WireConsumedRecord, fromWire, toWire } from './records.js';

/** Debian's interpreter: the client packages are installed for it, not for any pyenv python. */
export const PYTHON = '/usr/bin/python3';

export type PythonClient = 'confluent' | 'kafka_python';

const scriptsDir = fileURLToPath(new URL('./python/', import.meta.url));

async function runScript(script: string, request: object, timeoutMs: number): Promise<string[]> {
  const result = await runChecked(PYTHON, [`${scriptsDir}${script}`], {
    input: JSON.stringify(request),
    timeoutMs,
    // No __pycache__ beside the scripts in the source tree.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  return result.stdout.toString('utf8').split('\n').filter((line) => line.length > 0);
}

export interface PythonProduceResult {
  delivered: number;
  errors: string[];
  /** kafka-python only: the broker version it inferred from ApiVersions. */
  api_version?: number[];
}

export async function pythonProduce(
  client: PythonClient,
  options: { bootstrap: string; topic: string; codec: Codec; records: readonly ProducedRecord[]; partition?: number; config?: Record<string, unknown> },
): Promise<PythonProduceResult> {
  const lines = await runScript(`${client}_produce.py`, {
    bootstrap: options.bootstrap,
    topic: options.topic,
    partition: options.partition ?? 0,
    codec: options.codec,
    records: options.records.map(toWire),
    config: options.config ?? {},
    timeout: 20,
  }, 40_000);
  return JSON.parse(lines[lines.length - 1]) as PythonProduceResult;
}

/**
 * Reads every record of partition `partition` of each topic, from the log start to the end, or
 * (kafka_python only) to `stopAt[topic]`, excluded.
 */
export async function pythonConsume(
  client: PythonClient,
  options: { bootstrap: string; topics: readonly string[]; partition?: number; stopAt?: Record<string, number> },
): Promise<ConsumedRecord[]> {
  if (options.stopAt && client !== 'kafka_python') throw new Error(`stopAt is implemented for kafka_python only`);
  const lines = await runScript(`${client}_consume.py`, {
    bootstrap: options.bootstrap,
    topics: options.topics,
    partition: options.partition ?? 0,
    stop_at: options.stopAt,
    timeout: 25,
  }, 40_000);
  return lines.map((line) => fromWire(JSON.parse(line) as WireConsumedRecord));
}
