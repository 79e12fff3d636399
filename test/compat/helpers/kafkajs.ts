// kafkajs 2.2.4 as a compat client. kafkajs ships gzip only; snappy, lz4 and zstd come from
// plugins registered in CompressionCodecs. These adapters do what the common plugins do
// (kafkajs-snappy, kafkajs-lz4, @kafkajs/zstd) with the npm codecs installed here.
import net from 'node:net';
import kafkajs from 'kafkajs';
import type { Kafka as KafkaClient, KafkaConfig, ISocketFactory } from 'kafkajs';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import type { Codec, ConsumedRecord, Header } from './records.js';
import { waitFor } from './wait.js';

const { Kafka, CompressionCodecs, CompressionTypes, logLevel } = kafkajs;

interface KafkajsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

// Xerial framing: magic, then (length, raw block) chunks. Java's client writes it; librdkafka and
// kafka-python read both it and raw blocks.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);

function snappyUnframe(buffer: Buffer): Buffer {
  if (buffer.length < 16 || !buffer.subarray(0, 8).equals(XERIAL_MAGIC)) return snappyUncompress(buffer) as Buffer;
  const blocks: Buffer[] = [];
  for (let pos = 16; pos < buffer.length; ) {
    const size = buffer.readUInt32BE(pos);
    blocks.push(snappyUncompress(buffer.subarray(pos + 4, pos + 4 + size)) as Buffer);
    pos += 4 + size;
  }
  return Buffer.concat(blocks);
}

const codecs: Record<'snappy' | 'lz4' | 'zstd', KafkajsCodec> = {
  // As kafkajs-snappy: raw snappy blocks out, either form in.
  snappy: { compress: async (e) => snappyCompress(e.buffer), decompress: async (b) => snappyUnframe(b) },
  // As kafkajs-lz4: the LZ4 frame format.
  lz4: { compress: async (e) => compressFrameSync(e.buffer), decompress: async (b) => decompressFrameSync(b) },
  zstd: { compress: async (e) => zstdCompress(e.buffer), decompress: async (b) => zstdDecompress(b) },
};

let registered = false;

export function registerKafkajsCodecs(): void {
  if (registered) return;
  registered = true;
  const table = CompressionCodecs as unknown as Record<number, () => KafkajsCodec>;
  table[CompressionTypes.Snappy] = () => codecs.snappy;
  table[CompressionTypes.LZ4] = () => codecs.lz4;
  table[CompressionTypes.ZSTD] = () => codecs.zstd;
}

export const KAFKAJS_COMPRESSION: Readonly<Record<Codec, number>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/**
 * A kafkajs client with quiet logs and short retry backoffs. `connectVia` redirects every
 * connection (bootstrap and the brokers Metadata advertises) to one host:port, e.g. a proxy.
 */
export function kafkajsClient(bootstrap: string, options: { connectVia?: { host: string; port: number }; config?: Partial<KafkaConfig> } = {}): KafkaClient {
  registerKafkajsCodecs();
  const via = options.connectVia;
  const socketFactory: ISocketFactory | undefined = via
    ? ({ onConnect }) => net.connect({ host: via.host, port: via.port }, onConnect)
    : undefined;
  return new Kafka({
    clientId: 'oxbow-compat',
    brokers: bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 8 },
    ...(socketFactory ? { socketFactory } : {}),
    ...options.config,
  });
}

/**
 * kafkajs hands a message's headers over as an object: values of a repeated key are grouped into
 * an array, so the order of interleaved keys is lost. Produced headers are grouped the same way
 * before comparing (FINDINGS.md, client limits).
 */
export function groupHeadersLikeKafkajs(headers: readonly Header[]): Header[] {
  const keys: string[] = [];
  const byKey = new Map<string, Header[]>();
  for (const h of headers) {
    if (!byKey.has(h[0])) {
      keys.push(h[0]);
      byKey.set(h[0], []);
    }
    byKey.get(h[0])!.push(h);
  }
  return keys.flatMap((k) => byKey.get(k)!);
}

/**
 * Reads partition 0 of `topic` from the start with a kafkajs consumer in a group of its own, until
 * `count` records arrived (or the deadline passes), then leaves the group.
 */
export async function kafkajsConsume(bootstrap: string, topic: string, count: number, timeoutMs = 30_000): Promise<ConsumedRecord[]> {
  const consumer = kafkajsClient(bootstrap).consumer({
    groupId: `compat-${topic}-${Math.random().toString(36).slice(2)}`,
    sessionTimeout: 10_000,
    rebalanceTimeout: 10_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 100,
  });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (partition !== 0) return;
        const headers: Header[] = [];
        for (const [key, value] of Object.entries(message.headers ?? {})) {
          for (const v of Array.isArray(value) ? value : [value]) headers.push([key, v === undefined || v === null ? null : Buffer.from(v)]);
        }
        records.push({ topic, partition, offset: Number(message.offset), key: message.key, value: message.value, headers });
      },
    });
    await waitFor(() => records.length >= count, timeoutMs, `kafkajs to consume ${count} records of ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return records;
}
