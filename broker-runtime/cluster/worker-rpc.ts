// Typed request/response (and one-way notifications) over a MessagePort, between the supervisor and
// its workers and between brokers and the coordinator.
//
// Worker contract:
// - arguments and results must survive structured clone; MessagePorts among the arguments are
//   transferred, everything else is copied;
// - errors never cross as Error objects: they are serialized to plain objects (name, message,
//   Kafka error name and code) and rebuilt on the other side as KafkaError when they carry a Kafka
//   code, as RemoteError otherwise (STYLE.md, "Errors");
// - messages on one port arrive in the order they were posted, so a notification posted before a
//   result is handled before it. A handler that returns a plain value is answered synchronously,
//   so nothing the same thread posts afterwards can overtake the answer.
import { MessagePort } from 'node:worker_threads';
import { KafkaError } from '../errors.js';
import { type Logger, createLogger } from '../logger.js';
import { ErrorCode, type ErrorCodeName } from '../protocol/error-codes.js';

/** An API served over a link: methods whose arguments and results survive structured clone. */
export type RpcApi<T> = { [K in keyof T]: (...args: never[]) => unknown };

type Args<T, M extends keyof T> = T[M] extends (...args: infer A) => unknown ? A : never;
type Result<T, M extends keyof T> = T[M] extends (...args: never[]) => infer R ? Awaited<R> : never;

/** How one side serves an API: each method may answer at once or with a promise. */
export type RpcHandlers<T> = { [M in keyof T]: (...args: Args<T, M>) => Result<T, M> | Promise<Result<T, M>> };

/** What an error looks like while it crosses a worker boundary. */
export interface SerializedError {
  name: string;
  message: string;
  /** Set when the error carries a Kafka error code (KafkaError and its subclasses). */
  kafkaErrorName?: ErrorCodeName;
  code?: number;
  stack?: string;
}

/** An error thrown on the other side of a link that is not a KafkaError (a bug, an I/O failure). */
export class RemoteError extends Error {
  constructor(
    readonly remoteName: string,
    message: string,
    readonly remoteStack: string | undefined,
  ) {
    super(message);
    this.name = 'RemoteError';
  }
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof KafkaError) {
    return { name: err.name, message: err.message, kafkaErrorName: err.errorName, code: err.code, stack: err.stack };
  }
  // An error that already crossed once keeps the name it had where it was thrown.
  if (err instanceof RemoteError) return { name: err.remoteName, message: err.message, stack: err.remoteStack };
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: String(err) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.kafkaErrorName !== undefined && error.kafkaErrorName in ErrorCode) {
    return new KafkaError(error.kafkaErrorName, error.message);
  }
  return new RemoteError(error.name, error.message, error.stack);
}

type Envelope =
  | { rpc: 'call'; id: number; method: string; args: unknown[] }
  | { rpc: 'result'; id: number; value: unknown }
  | { rpc: 'error'; id: number; error: SerializedError }
  | { rpc: 'notify'; method: string; args: unknown[] };

interface PendingCall {
  method: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | null;
}

export interface RpcLinkOptions {
  /** Calls not answered within this many ms fail with REQUEST_TIMED_OUT; 0 waits forever. */
  callTimeoutMs?: number;
  /** Called once when the port closes (the other side's thread ended or closed it). */
  onClose?: () => void;
  /** Where failed notifications are reported (they have no caller to reject). */
  log?: Logger;
}

/**
 * One end of a link: serves `Local` to the other side and calls `Remote` on it.
 * Invariant: every call settles exactly once: with its answer, a timeout, or the link's close.
 */
export class RpcLink<Local extends RpcApi<Local>, Remote extends RpcApi<Remote>> {
  private nextId = 1;
  private readonly pending = new Map<number, PendingCall>();
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    private readonly local: Partial<RpcHandlers<Local>>,
    private readonly options: RpcLinkOptions = {},
  ) {
    port.on('message', (message: Envelope) => this.receive(message));
    port.on('close', () => this.shutDown(new KafkaError('REQUEST_TIMED_OUT', 'the link to the other worker closed')));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  call<M extends keyof Remote & string>(method: M, ...args: Args<Remote, M>): Promise<Result<Remote, M>> {
    return this.callWithin(this.options.callTimeoutMs ?? 0, method, ...args);
  }

  /** A call with its own timeout (0 waits forever). */
  callWithin<M extends keyof Remote & string>(timeoutMs: number, method: M, ...args: Args<Remote, M>): Promise<Result<Remote, M>> {
    if (this.closed) return Promise.reject(new KafkaError('REQUEST_TIMED_OUT', `${method}: the link is closed`));
    const id = this.nextId++;
    return new Promise<Result<Remote, M>>((resolve, reject) => {
      const timer = timeoutMs > 0
        ? setTimeout(() => this.settle(id, new KafkaError('REQUEST_TIMED_OUT', `${method} got no answer within ${timeoutMs} ms`)), timeoutMs)
        : null;
      timer?.unref();
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      this.post({ rpc: 'call', id, method, args }, args);
    });
  }

  /** A one-way message: no answer, and errors stay on the other side (logged there). */
  notify<M extends keyof Remote & string>(method: M, ...args: Args<Remote, M>): void {
    if (!this.closed) this.post({ rpc: 'notify', method, args }, args);
  }

  /** Fails every pending call with `reason` and closes the port. */
  close(reason: Error = new KafkaError('REQUEST_TIMED_OUT', 'the link was closed')): void {
    this.shutDown(reason);
  }

  private shutDown(reason: Error): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.pending.keys()]) this.settle(id, reason);
    this.port.close();
    this.options.onClose?.();
  }

  private post(message: Envelope, args: readonly unknown[]): void {
    const transfer = args.filter((a): a is MessagePort => a instanceof MessagePort);
    this.port.postMessage(message, transfer);
  }

  private settle(id: number, outcome: Error | { value: unknown }): void {
    const call = this.pending.get(id);
    if (!call) return;
    this.pending.delete(id);
    if (call.timer) clearTimeout(call.timer);
    if (outcome instanceof Error) call.reject(outcome);
    else call.resolve(outcome.value);
  }

  private receive(message: Envelope): void {
    switch (message.rpc) {
      case 'result':
        this.settle(message.id, { value: message.value });
        return;
      case 'error':
        this.settle(message.id, deserializeError(message.error));
        return;
      case 'notify':
        try {
          const outcome = this.invoke(message.method, message.args);
          if (outcome instanceof Promise) outcome.catch((err: unknown) => this.reportNotifyFailure(message.method, err));
        } catch (err) {
          this.reportNotifyFailure(message.method, err);
        }
        return;
      case 'call': {
        const answer = (value: unknown) => this.closed || this.port.postMessage({ rpc: 'result', id: message.id, value } satisfies Envelope);
        const fail = (err: unknown) => this.closed || this.port.postMessage({ rpc: 'error', id: message.id, error: serializeError(err) } satisfies Envelope);
        try {
          const outcome = this.invoke(message.method, message.args);
          // .catch after .then: an answer that cannot be cloned is reported as an error, not lost.
          if (outcome instanceof Promise) outcome.then(answer).catch(fail);
          else answer(outcome);
        } catch (err) {
          fail(err);
        }
        return;
      }
    }
  }

  private invoke(method: string, args: unknown[]): unknown {
    const handler = (this.local as Record<string, ((...a: unknown[]) => unknown) | undefined>)[method];
    if (typeof handler !== 'function') throw new RemoteError('UnknownMethod', `no handler for ${method}`, undefined);
    return handler.apply(this.local, args);
  }

  private reportNotifyFailure(method: string, err: unknown): void {
    (this.options.log ?? createLogger('rpc')).error(`notification ${method} failed`, err);
  }
}
