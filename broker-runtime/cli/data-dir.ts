// Where `oxbow serve` keeps its data when no --data-dir is given: the platform's per-user data
// directory, so topics survive a restart without any configuration.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Oxbow', 'cluster');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Oxbow', 'cluster');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'oxbow', 'cluster');
}
