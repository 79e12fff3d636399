// The Kafka error name a call throws, or null when it does not throw: lets a test assert the exact
// KafkaError (OUT_OF_ORDER_SEQUENCE_NUMBER, ...) in one line.
import { KafkaError } from '../../broker-runtime/errors.js';

export function kafkaErrorName(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof KafkaError ? err.errorName : String(err);
  }
}
