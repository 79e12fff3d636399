// AlterConfigs (key 33): versions 0-2, the legacy, non-incremental API.
// - Each resource's given configs replace all its dynamic configs: a config left out is deleted.
// - Topic (2) and broker (4, a broker id or '' for the cluster-wide default) resources. Values are
//   checked by the controller: topic configs as LogConfig parses them, broker configs against
//   BROKER_CONFIGS (known, dynamic, well-typed) and, for log.* synonyms, as the topic value.
// - A null value is INVALID_REQUEST; a resource named twice is INVALID_REQUEST ("Duplicate resource.").
// - ValidateOnly checks everything and changes nothing. v2: no change (throttling, KIP-219).
// NB: configs changed here take effect on the logs when the metadata records reach the broker.
import type { ConfigChange } from '../coordinator/metadata/controller-channel.js';
import { KafkaError } from '../errors.js';
import { AlterConfigs } from '../protocol/generated/alter-configs.js';
import { alterEachResource } from './config-resources.js';
import { defineHandler } from './handler.js';

export const alterConfigsHandler = defineHandler({
  messages: AlterConfigs,
  minVersion: 0,
  maxVersion: 2,
  async handle(request, { broker }) {
    const responses = await alterEachResource(request.resources, (resource, ref) => {
      const changes: ConfigChange[] = resource.configs.map(({ name, value }) => {
        if (value === null) throw new KafkaError('INVALID_REQUEST', `Null value not supported for : ${name}`);
        return { name, value, op: 'SET' };
      });
      return broker.controller.alterConfigs(ref.type, ref.name, changes, false, request.validateOnly);
    }, broker.log);
    return { throttleTimeMs: 0, responses };
  },
});
