// The message browser, the produce form and the partition time map, on the selected connection,
// through @platformatic/kafka (so they work the same on the embedded cluster and an external one).
import type { ApiHandlers } from '../api-dispatcher.js';
import type { Closable, HostContext } from '../host-context.js';
import { mapErrors } from './errors.js';
import { MessageClients } from './kafka-clients.js';
import { produceMessage } from './produce.js';
import { getMessage, readMessages } from './read.js';
import { seekMessages } from './seek.js';
import { partitionTimeMap } from './time-map.js';

export type MessageMethods = Pick<ApiHandlers, 'seekMessages' | 'readMessages' | 'getMessage' | 'produceMessage' | 'partitionTimeMap'>;

export function createMessageMethods(ctx: HostContext): MessageMethods & Closable {
  const clients = new MessageClients(() => ctx.kafka());
  return {
    seekMessages: (args) => mapErrors(args.topic, () => seekMessages(clients.get().consumer, args)),
    readMessages: (args) => mapErrors(args.topic, () => readMessages(clients.get().consumer, args)),
    getMessage: (args) => mapErrors(args.topic, () => getMessage(clients.get().consumer, args)),
    produceMessage: (args) => mapErrors(args.topic, () => produceMessage(clients.get().producer, args)),
    partitionTimeMap: (args) => mapErrors(args.topic, () => partitionTimeMap(clients.get().consumer, args)),
    close: () => clients.close(),
  };
}
