import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, readSettingsFile, resolveSettings, switchValue } from '../../../main/app/settings.js';

vi.mock('electron', () => ({}));

const none = { argv: [], env: {}, file: undefined };

describe('cluster settings', () => {
  it('defaults to 3 brokers from port 9092', () => {
    expect(DEFAULT_SETTINGS).toEqual({ brokers: 3, kafkaPort: 9092 });
    expect(resolveSettings(none)).toEqual({ settings: DEFAULT_SETTINGS, warnings: [] });
  });

  it('layers the settings file, then the environment, then the command line', () => {
    const file = { brokers: 5, kafkaPort: 19092 };
    expect(resolveSettings({ ...none, file }).settings).toEqual({ brokers: 5, kafkaPort: 19092 });
    expect(resolveSettings({ ...none, file, env: { OXBOW_BROKERS: '2' } }).settings).toEqual({ brokers: 2, kafkaPort: 19092 });
    const argv = ['/usr/bin/electron', 'dist/main/app/main.js', '--brokers=1', '--kafka-port', '29092'];
    expect(resolveSettings({ argv, file, env: { OXBOW_BROKERS: '2', OXBOW_KAFKA_PORT: '1' } }).settings).toEqual({ brokers: 1, kafkaPort: 29092 });
  });

  it('ignores bad values with a warning and keeps starting', () => {
    const { settings, warnings } = resolveSettings({
      argv: ['--brokers=0', '--kafka-port=http'],
      env: { OXBOW_BROKERS: '' },
      file: { brokers: 'many' },
    });
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(warnings).toHaveLength(4);
    expect(warnings.join('\n')).toMatch(/settings\.json ignored[\s\S]*OXBOW_BROKERS=[\s\S]*--brokers=0[\s\S]*--kafka-port=http/);
  });

  it('falls back to free ports when the brokers would run past port 65535', () => {
    const { settings, warnings } = resolveSettings({ ...none, argv: ['--kafka-port=65534', '--brokers=3'] });
    expect(settings).toEqual({ brokers: 3, kafkaPort: 0 });
    expect(warnings).toHaveLength(1);
  });

  it('reads switches in both forms, the last one winning', () => {
    expect(switchValue(['--brokers=2', '--brokers', '4'], 'brokers')).toBe('4');
    expect(switchValue(['--brokers', '--kafka-port=1'], 'brokers')).toBeUndefined();
    expect(switchValue(['--brokersx=2'], 'brokers')).toBeUndefined();
  });

  it('reads settings.json, treating a missing file as none and a broken one as a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'oxbow-settings-'));
    try {
      expect(await readSettingsFile(dir)).toEqual({ file: undefined });
      await writeFile(path.join(dir, 'settings.json'), '{"brokers": 4}');
      expect(await readSettingsFile(dir)).toEqual({ file: { brokers: 4 } });
      await writeFile(path.join(dir, 'settings.json'), '{brokers: 4');
      const broken = await readSettingsFile(dir);
      expect(broken.file).toBeUndefined();
      expect(broken.warning).toMatch(/not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
