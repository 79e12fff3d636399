// IncrementalAlterConfigs (key 44): versions 0-1 (KIP-339).
// - Per config an operation: SET (0), DELETE (1, back to the default), APPEND (2) and SUBTRACT (3)
//   on LIST configs only (INVALID_CONFIG otherwise). APPEND/SUBTRACT on a config that is not set
//   start from its default, so APPEND compact to cleanup.policy gives "delete,compact".
// - Topic (2) and broker (4, a broker id or '' for the cluster-wide default) resources; values are
//   checked by the controller as for AlterConfigs.
// - INVALID_REQUEST for an unknown operation, a config named twice in a resource, a null value
//   for anything but DELETE, and a resource named twice ("Duplicate resource.").
// - ValidateOnly checks everything and changes nothing. v1: flexible.
import type { ConfigOperation } from '../coordinator/metadata/controller.js';
import type { ConfigChange } from '../coordinator/metadata/controller-channel.js';
import { KafkaError } from '../errors.js';
import { IncrementalAlterConfigs } from '../protocol/generated/incremental-alter-configs.js';
import { alterEachResource, isListConfig } from './config-resources.js';
import { defineHandler } from './handler.js';

const OPERATIONS: readonly ConfigOperation[] = ['SET', 'DELETE', 'APPEND', 'SUBTRACT'];

export const incrementalAlterConfigsHandler = defineHandler({
  messages: IncrementalAlterConfigs,
  minVersion: 0,
  maxVersion: 1,
  async handle(request, { broker }) {
    const responses = await alterEachResource(request.resources, (resource, ref) => {
      const seen = new Set<string>();
      const changes = resource.configs.map(({ name, configOperation, value }): ConfigChange => {
        const op = OPERATIONS[configOperation];
        if (op === undefined) throw new KafkaError('INVALID_REQUEST', `Unknown operation type ${configOperation} for config ${name}.`);
        if (seen.has(name)) throw new KafkaError('INVALID_REQUEST', `Error due to duplicate config keys: ${name}`);
        seen.add(name);
        if (value === null && op !== 'DELETE') throw new KafkaError('INVALID_REQUEST', `Null value not supported for : ${name}`);
        if ((op === 'APPEND' || op === 'SUBTRACT') && !isListConfig(ref, name)) {
          throw new KafkaError('INVALID_CONFIG', `Can't ${op} to key ${name} because its type is not LIST.`);
        }
        return { name, value, op };
      });
      return broker.controller.alterConfigs(ref.type, ref.name, changes, true, request.validateOnly);
    }, broker.log);
    return { throttleTimeMs: 0, responses };
  },
});
