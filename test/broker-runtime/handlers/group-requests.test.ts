// The group handlers' shared edge: member hosts as Kafka prints them, and failures as the error
// codes group clients act on.
import { describe, expect, it, vi } from 'vitest';
import { KafkaError } from '../../../broker-runtime/errors.js';
import { clientHostOf, groupErrorCode } from '../../../broker-runtime/handlers/group-requests.js';
import type { Logger } from '../../../broker-runtime/logger.js';
import { ErrorCode } from '../../../broker-runtime/protocol/error-codes.js';

function recordingLogger(): Logger & { error: ReturnType<typeof vi.fn> } {
  const log = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn(), child: () => log };
  return log;
}

describe('clientHostOf', () => {
  it('drops the port and an IPv4-mapped prefix, and starts with a slash', () => {
    expect(clientHostOf({ id: '1', remoteAddress: '127.0.0.1:51234' })).toBe('/127.0.0.1');
    expect(clientHostOf({ id: '2', remoteAddress: '::ffff:10.0.0.7:9000' })).toBe('/10.0.0.7');
    expect(clientHostOf({ id: '3', remoteAddress: '::1:9000' })).toBe('/::1');
  });
});

describe('groupErrorCode', () => {
  it('passes coordinator errors through, maps append errors as Kafka does, and logs bugs', () => {
    const log = recordingLogger();
    expect(groupErrorCode(new KafkaError('NOT_COORDINATOR', 'elsewhere'), log, 'x')).toBe(ErrorCode.NOT_COORDINATOR);
    expect(groupErrorCode(new KafkaError('COORDINATOR_NOT_AVAILABLE', 'no topic'), log, 'x')).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(groupErrorCode(new KafkaError('NOT_LEADER_OR_FOLLOWER', 'moved'), log, 'x')).toBe(ErrorCode.NOT_COORDINATOR);
    expect(groupErrorCode(new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', 'deleted'), log, 'x')).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(log.error).not.toHaveBeenCalled();
    expect(groupErrorCode(new KafkaError('MESSAGE_TOO_LARGE', 'huge'), log, 'x')).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(groupErrorCode(new TypeError('oops'), log, 'x')).toBe(ErrorCode.UNKNOWN_SERVER_ERROR);
    expect(log.error).toHaveBeenCalledTimes(2);
  });
});
