// How the embedded cluster starts: 3 brokers from 127.0.0.1:9092 unless the user says otherwise.
// Sources, strongest first: the command line (`--brokers=N`, `--kafka-port=N`), the environment
// (OXBOW_BROKERS, OXBOW_KAFKA_PORT), then `settings.json` in the app's userData directory.
// A bad value is reported and ignored, never fatal: the app still starts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export interface ClusterSettings {
  brokers: number;
  /** Broker i listens on kafkaPort + i; 0 lets the engine pick free ports. */
  kafkaPort: number;
}

export const DEFAULT_SETTINGS: ClusterSettings = { brokers: 3, kafkaPort: 9092 };
export const SETTINGS_FILE = 'settings.json';

const brokers = z.coerce.number().int().min(1).max(16);
const kafkaPort = z.coerce.number().int().min(0).max(65535);
const fileSchema = z.object({ brokers: brokers.optional(), kafkaPort: kafkaPort.optional() });

export interface SettingsSources {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** settings.json as parsed JSON; undefined when there is none. */
  file: unknown;
}

export function resolveSettings({ argv, env, file }: SettingsSources): { settings: ClusterSettings; warnings: string[] } {
  const warnings: string[] = [];
  const settings = { ...DEFAULT_SETTINGS };
  if (file !== undefined) {
    const parsed = fileSchema.safeParse(file);
    if (parsed.success) Object.assign(settings, withoutUndefined(parsed.data));
    else warnings.push(`${SETTINGS_FILE} ignored: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  }
  const layers: [string, string | undefined, 'brokers' | 'kafkaPort'][] = [
    ['OXBOW_BROKERS', env.OXBOW_BROKERS, 'brokers'],
    ['OXBOW_KAFKA_PORT', env.OXBOW_KAFKA_PORT, 'kafkaPort'],
    ['--brokers', switchValue(argv, 'brokers'), 'brokers'],
    ['--kafka-port', switchValue(argv, 'kafka-port'), 'kafkaPort'],
  ];
  for (const [source, raw, key] of layers) {
    if (raw === undefined) continue;
    const parsed = (key === 'brokers' ? brokers : kafkaPort).safeParse(raw.trim() === '' ? Number.NaN : raw);
    if (parsed.success) settings[key] = parsed.data;
    else warnings.push(`${source}=${raw} ignored: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  if (settings.kafkaPort !== 0 && settings.kafkaPort + settings.brokers - 1 > 65535) {
    warnings.push(`ports ${settings.kafkaPort}..${settings.kafkaPort + settings.brokers - 1} do not exist; using free ports`);
    settings.kafkaPort = 0;
  }
  return { settings, warnings };
}

/** `--name=value` or `--name value`; the last one wins, as with Chromium's switches. */
export function switchValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
    else if (arg === `--${name}` && i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
  }
  return value;
}

/** settings.json from `dir`, parsed; undefined when absent. A file that is not JSON is reported. */
export async function readSettingsFile(dir: string): Promise<{ file: unknown; warning?: string }> {
  const file = path.join(dir, SETTINGS_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { file: undefined };
    return { file: undefined, warning: `${file} could not be read: ${(err as Error).message}` };
  }
  try {
    return { file: JSON.parse(text) as unknown };
  } catch (err) {
    return { file: undefined, warning: `${file} is not JSON (${(err as Error).message}); ignored` };
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
