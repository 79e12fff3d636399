// All partition logs of one broker data directory (Kafka's LogManager). Layout:
//
//   <dataDir>/<topic>-<partition>/             one Log per partition
//   <dataDir>/recovery-point-offset-checkpoint  where crash recovery starts, per partition
//   <dataDir>/log-start-offset-checkpoint       DeleteRecords and retention survive a restart
//   <dataDir>/cleaner-offset-checkpoint         where compaction's dirty part starts
//   <dataDir>/.kafka_cleanshutdown              written last by close(); its absence at startup
//                                               means a crash, so unflushed segments are recovered
//
// Periodic work is exposed as methods taking `now` (cleanupLogs, flushDirtyLogs, checkpoint*,
// cleanLogs): the broker drives them from a timer, tests call them directly.
// Threading contract: synchronous, owned by one broker worker thread (see file-records.ts).
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { KafkaError } from '../errors.js';
import { type Logger, createLogger } from '../logger.js';
import { topicNameProblem } from '../coordinator/metadata/topic-name.js';
import { type TopicPartitionOffset, OffsetCheckpointFile } from './checkpoint-file.js';
import { type Clock, SYSTEM_CLOCK } from './clock.js';
import { DEFAULT_LOG_CONFIG, type LogConfig } from './log-config.js';
import { LogCleaner } from './log-cleaner.js';
import { flushDir } from './log-file-utils.js';
import { Log } from './log.js';

const defaultLogger = createLogger('log-manager');

export const RECOVERY_POINT_CHECKPOINT_FILE = 'recovery-point-offset-checkpoint';
export const LOG_START_OFFSET_CHECKPOINT_FILE = 'log-start-offset-checkpoint';
export const CLEANER_OFFSET_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';
export const CLEAN_SHUTDOWN_FILE = '.kafka_cleanshutdown';
/** Format version of the clean shutdown marker (Kafka writes {"version":0,...} too). */
const CLEAN_SHUTDOWN_VERSION = 0;
const DELETE_DIR_PATTERN = /\.[0-9a-f]{32}-delete$/;

export interface LogManagerOptions {
  clock?: Clock;
  /** The config of a log whose topic configFor does not know. */
  defaultConfig?: LogConfig;
  /** A topic's config at startup, before the controller's metadata arrives. */
  configFor?: (topic: string) => LogConfig | undefined;
  random?: () => number;
  logger?: Logger;
}

export interface TopicPartitionLog {
  topic: string;
  partition: number;
  log: Log;
}

function dirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** "<topic>-<partition>" -> its parts, or null for anything else in the data dir. */
export function parseTopicPartitionName(name: string): { topic: string; partition: number } | null {
  const match = /^(.+)-(\d+)$/.exec(name);
  if (!match || topicNameProblem(match[1]) !== null) return null;
  return { topic: match[1], partition: Number(match[2]) };
}

export class LogManager {
  private readonly logs = new Map<string, TopicPartitionLog>();
  readonly cleaner: LogCleaner;
  private readonly logger: Logger;
  private closed = false;

  private constructor(
    readonly dataDir: string,
    readonly hadCleanShutdown: boolean,
    private readonly opts: LogManagerOptions,
    private readonly clock: Clock,
  ) {
    this.cleaner = new LogCleaner(clock);
    this.logger = opts.logger ?? defaultLogger;
  }

  /** Loads every log in dataDir, recovering them unless the last shutdown was clean. */
  static open(dataDir: string, opts: LogManagerOptions = {}): LogManager {
    fs.mkdirSync(dataDir, { recursive: true });
    const marker = path.join(dataDir, CLEAN_SHUTDOWN_FILE);
    const manager = new LogManager(dataDir, readCleanShutdownMarker(marker, opts.logger ?? defaultLogger), opts, opts.clock ?? SYSTEM_CLOCK);
    manager.loadLogs();
    // From here on logs change: a crash must not find the marker of the last clean shutdown.
    if (fs.existsSync(marker)) {
      fs.rmSync(marker);
      flushDir(dataDir);
    }
    return manager;
  }

  private checkpoint(name: string): OffsetCheckpointFile {
    return new OffsetCheckpointFile(path.join(this.dataDir, name));
  }

  /** A checkpoint that cannot be read is ignored: full recovery and the segments' own offsets are safe. */
  private readCheckpoint(name: string): Map<string, number> {
    try {
      return new Map(this.checkpoint(name).read().map((e) => [dirName(e.topic, e.partition), e.offset]));
    } catch (err) {
      this.logger.warn(`ignoring ${name}: ${(err as Error).message}`);
      return new Map();
    }
  }

  private loadLogs(): void {
    const recoveryPoints = this.readCheckpoint(RECOVERY_POINT_CHECKPOINT_FILE);
    const logStartOffsets = this.readCheckpoint(LOG_START_OFFSET_CHECKPOINT_FILE);
    const cleanerOffsets = this.readCheckpoint(CLEANER_OFFSET_CHECKPOINT_FILE);
    for (const entry of fs.readdirSync(this.dataDir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = path.join(this.dataDir, entry.name);
      if (DELETE_DIR_PATTERN.test(entry.name)) {
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const tp = parseTopicPartitionName(entry.name);
      if (!tp) continue;
      const log = Log.open(dir, this.opts.configFor?.(tp.topic) ?? this.opts.defaultConfig ?? DEFAULT_LOG_CONFIG, {
        clock: this.clock,
        random: this.opts.random,
        logger: this.logger,
        hadCleanShutdown: this.hadCleanShutdown,
        recoveryPoint: recoveryPoints.get(entry.name) ?? 0,
        logStartOffset: logStartOffsets.get(entry.name) ?? 0,
      });
      this.logs.set(entry.name, { ...tp, log });
      const firstDirty = cleanerOffsets.get(entry.name);
      if (firstDirty !== undefined) this.cleaner.setFirstDirtyOffset(log, firstDirty);
    }
  }

  getLog(topic: string, partition: number): Log | undefined {
    return this.logs.get(dirName(topic, partition))?.log;
  }

  /** The existing log, or a new empty one with `config` (default: the manager's default config). */
  getOrCreateLog(topic: string, partition: number, config?: LogConfig): Log {
    const existing = this.getLog(topic, partition);
    if (existing) return existing;
    if (this.closed) throw new KafkaError('KAFKA_STORAGE_ERROR', `The log manager of ${this.dataDir} is closed.`);
    const problem = topicNameProblem(topic);
    if (problem) throw new KafkaError('INVALID_TOPIC_EXCEPTION', problem);
    if (!Number.isInteger(partition) || partition < 0) throw new KafkaError('INVALID_PARTITIONS', `Partition ${partition} is not a partition number.`);
    const name = dirName(topic, partition);
    const log = Log.open(path.join(this.dataDir, name), config ?? this.opts.defaultConfig ?? DEFAULT_LOG_CONFIG, {
      clock: this.clock,
      random: this.opts.random,
    });
    flushDir(this.dataDir);
    this.logs.set(name, { topic, partition, log });
    return log;
  }

  /** Closes the log, renames its directory to `<name>.<uuid>-delete`, and removes it. */
  deleteLog(topic: string, partition: number): boolean {
    const name = dirName(topic, partition);
    const entry = this.logs.get(name);
    if (!entry) return false;
    this.logs.delete(name);
    this.cleaner.forget(entry.log);
    entry.log.closeHandlers();
    // The rename is atomic: after a crash the directory is either live or marked for deletion.
    const doomed = path.join(this.dataDir, `${name}.${randomUUID().replace(/-/g, '')}-delete`);
    fs.renameSync(entry.log.dir, doomed);
    flushDir(this.dataDir);
    fs.rmSync(doomed, { recursive: true, force: true });
    this.checkpointAll();
    return true;
  }

  allLogs(): TopicPartitionLog[] {
    return [...this.logs.values()];
  }

  /** Retention (Kafka's cleanupLogs). Returns the number of segments deleted. */
  cleanupLogs(now = this.clock.now()): number {
    let deleted = 0;
    for (const { log } of this.logs.values()) deleted += log.deleteOldSegments(now);
    return deleted;
  }

  /** flush.ms and flushes of rolled segments. Returns the number of logs flushed. */
  flushDirtyLogs(now = this.clock.now()): number {
    let flushed = 0;
    for (const { log } of this.logs.values()) if (log.maybeFlush(now)) flushed++;
    return flushed;
  }

  /** Compaction of the logs that need it. Returns the number of logs cleaned. */
  cleanLogs(now = this.clock.now()): number {
    const cleaned = this.cleaner.cleanLogs([...this.logs.values()].map((e) => e.log), now);
    if (cleaned > 0) this.checkpointCleanerOffsets();
    return cleaned;
  }

  private entries(offsetOf: (log: Log) => number | undefined): TopicPartitionOffset[] {
    const out: TopicPartitionOffset[] = [];
    for (const { topic, partition, log } of this.logs.values()) {
      const offset = offsetOf(log);
      if (offset !== undefined) out.push({ topic, partition, offset });
    }
    return out;
  }

  checkpointLogRecoveryOffsets(): void {
    this.checkpoint(RECOVERY_POINT_CHECKPOINT_FILE).write(this.entries((log) => log.recoveryPoint));
  }

  checkpointLogStartOffsets(): void {
    this.checkpoint(LOG_START_OFFSET_CHECKPOINT_FILE).write(this.entries((log) => log.logStartOffset));
  }

  checkpointCleanerOffsets(): void {
    this.checkpoint(CLEANER_OFFSET_CHECKPOINT_FILE).write(this.entries((log) => this.cleaner.firstDirtyOffset(log)));
  }

  checkpointAll(): void {
    this.checkpointLogRecoveryOffsets();
    this.checkpointLogStartOffsets();
    this.checkpointCleanerOffsets();
  }

  /** A clean shutdown: flush and close every log, write the checkpoints, then the marker. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { log } of this.logs.values()) log.close();
    this.checkpointAll();
    writeCleanShutdownMarker(path.join(this.dataDir, CLEAN_SHUTDOWN_FILE));
  }

  /** Closes every file without flushing, checkpointing or marking: a `kill`, as a crash leaves it. */
  closeHandlers(): void {
    if (this.closed) return;
    this.closed = true;
    for (const { log } of this.logs.values()) log.closeHandlers();
  }
}

function readCleanShutdownMarker(file: string, logger: Logger): boolean {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown };
    if (parsed.version === CLEAN_SHUTDOWN_VERSION) return true;
    logger.warn(`${file} has format version ${String(parsed.version)}; recovering as after a crash`);
    return false;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn(`${file} is unreadable; recovering as after a crash`);
    return false;
  }
}

function writeCleanShutdownMarker(file: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o644);
  try {
    fs.writeSync(fd, JSON.stringify({ version: CLEAN_SHUTDOWN_VERSION }));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  flushDir(path.dirname(file));
}
