// A minimal leveled logger. The engine logs to stderr; `OXBOW_LOG=debug|info|warn|error|silent`
// picks the level (default `warn`, so tests and library users see only what needs attention).
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface Logger {
  debug(message: string, detail?: unknown): void;
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
  child(name: string): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function levelFromEnv(): LogLevel {
  const value = process.env.OXBOW_LOG;
  return value && value in rank ? (value as LogLevel) : 'warn';
}

export function createLogger(name: string, level: LogLevel = levelFromEnv()): Logger {
  const emit = (at: LogLevel, message: string, detail?: unknown) => {
    if (rank[at] < rank[level]) return;
    const suffix = detail === undefined ? '' : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail)}`;
    process.stderr.write(`${new Date().toISOString()} ${at.toUpperCase()} [${name}] ${message}${suffix}\n`);
  };
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (child) => createLogger(`${name}:${child}`, level),
  };
}
