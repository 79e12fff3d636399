// InitProducerId (key 22): versions 0-4.
// - Without a transactional id: a new producer id with epoch 0 (ids come in blocks the controller
//   commits, so they are unique across brokers and restarts). From v3 (KIP-360) a producer may
//   send its current id and epoch to have it bumped; without a transactional id Kafka simply hands
//   out a new id, and so does Oxbow. v2+ flexible.
// - librdkafka 2.0.2 enables its idempotent producer only when v0 is advertised (CLIENTS.md 2.3).
// NB: transactional ids are refused with INVALID_REQUEST until transactions are implemented.
import { KafkaError, errorCodeOf } from '../errors.js';
import { ErrorCode } from '../protocol/error-codes.js';
import { InitProducerId } from '../protocol/generated/init-producer-id.js';
import { defineHandler } from './handler.js';

export const initProducerIdHandler = defineHandler({
  messages: InitProducerId,
  minVersion: 0,
  maxVersion: 4,
  async handle(request, { broker }) {
    try {
      if (request.transactionalId !== null) {
        throw new KafkaError('INVALID_REQUEST', 'Oxbow does not support transactional producers yet.');
      }
      const producerId = await broker.producerIds.generateProducerId();
      return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, producerId, producerEpoch: 0 };
    } catch (err) {
      if (!(err instanceof KafkaError)) broker.log.error('InitProducerId failed', err);
      return { throttleTimeMs: 0, errorCode: errorCodeOf(err), producerId: -1, producerEpoch: -1 };
    }
  },
});
