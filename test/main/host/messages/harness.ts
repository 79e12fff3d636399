// The message methods as the UI reaches them (through the dispatcher: validation, error bodies),
// against a cluster given by its bootstrap list, plus decoding helpers for the answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiArgs, ApiErrorBody, ApiResult, EncodedBytes, MessageRecord } from '../../../../main/contract/index.js';
import { type ApiHandlers, dispatch } from '../../../../main/host/api-dispatcher.js';
import type { HostContext, KafkaClientConfig } from '../../../../main/host/host-context.js';
import { type MessageMethods, createMessageMethods } from '../../../../main/host/messages/index.js';
import { PushHub } from '../../../../main/host/push-hub.js';

type MessageMethod = keyof MessageMethods;

export interface MessagesHarness {
  ok<M extends MessageMethod>(method: M, args: ApiArgs<M>): Promise<ApiResult<M>>;
  /** The error body a call answers (fails the test if the call succeeds). */
  error(method: MessageMethod, args: unknown): Promise<ApiErrorBody>;
  logged: [string, unknown][];
  close(): Promise<void>;
}

export function messagesHarness(config: () => KafkaClientConfig): MessagesHarness {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oxbow-messages-'));
  const logged: [string, unknown][] = [];
  const unused = (what: string) => () => {
    throw new Error(`the message methods should not use ${what}`);
  };
  const ctx: HostContext = {
    bootstrap: () => config().brokers.join(','),
    kafka: config,
    admin: unused('the kafkajs admin'),
    embedded: () => null,
    hub: new PushHub(),
    stateDir,
    clock: Date.now,
    log: (message, err) => logged.push([message, err]),
  };
  const methods = createMessageMethods(ctx);
  const backend = methods as unknown as ApiHandlers;
  return {
    async ok(method, args) {
      const answer = await dispatch(backend, method, args, ctx.log);
      if (!answer.ok) throw new Error(`${method} failed: ${JSON.stringify(answer.error)}`);
      return answer.result as never;
    },
    async error(method, args) {
      const answer = await dispatch(backend, method, args, ctx.log);
      if (answer.ok) throw new Error(`${method} answered ${JSON.stringify(answer.result).slice(0, 200)}; expected an error`);
      return answer.error;
    },
    logged,
    async close() {
      await methods.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

export function bytes(encoded: EncodedBytes | null): Buffer | null {
  return encoded === null ? null : Buffer.from(encoded.base64, 'base64');
}

export function text(encoded: EncodedBytes | null): string | null {
  return bytes(encoded)?.toString('utf8') ?? null;
}

export function headerText(record: MessageRecord, key: string): string | null | undefined {
  const header = record.headers.find((h) => h.key === key);
  return header === undefined ? undefined : text(header.value);
}
