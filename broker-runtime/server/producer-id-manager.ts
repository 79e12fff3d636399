// Hands out producer ids for InitProducerId from blocks the controller allocates
// (Kafka's RPCProducerIdManager). Ids are unique across brokers and restarts because every block
// is a committed metadata record.
import type { ControllerChannel } from '../coordinator/metadata/controller-channel.js';

export class ProducerIdManager {
  private next = 0;
  private end = 0;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly brokerId: number,
    private readonly controller: ControllerChannel,
  ) {}

  async generateProducerId(): Promise<number> {
    while (this.next >= this.end) {
      // A failed allocation (the coordinator restarting) must not stick: the next call asks again.
      this.pending ??= this.controller.allocateProducerIds(this.brokerId).then((block) => {
        this.next = block.firstProducerId;
        this.end = block.firstProducerId + block.count;
      }).finally(() => {
        this.pending = null;
      });
      await this.pending;
    }
    return this.next++;
  }
}
