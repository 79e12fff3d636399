// A Controller over a real metadata log in a temp dir, with deterministic ids and placement, and a
// plain dump of an image to compare two images by (written independently of metadata-snapshot.ts,
// so a field the snapshot forgot shows up as a difference).
import fs from 'node:fs';
import path from 'node:path';
import type { ControllerConfig } from '../../../../broker-runtime/coordinator/metadata/controller-config.js';
import { Controller } from '../../../../broker-runtime/coordinator/metadata/controller.js';
import type { MetadataImage } from '../../../../broker-runtime/coordinator/metadata/metadata-image.js';
import { MetadataLog } from '../../../../broker-runtime/coordinator/metadata/metadata-log.js';

export interface OpenController {
  controller: Controller;
  log: MetadataLog;
}

export function openController(dir: string, config: Partial<ControllerConfig> = {}): OpenController {
  const log = MetadataLog.open(path.join(dir, 'metadata.log'));
  const controller: Controller = new Controller({
    log,
    defaults: { numPartitions: 1, defaultReplicationFactor: 1 },
    validateTopicConfig: () => {},
    // Unique across restarts: the offset the topic's record will have.
    random: { uuid: () => `00000000-0000-4000-8000-${String(controller.image.offset + 1).padStart(12, '0')}`, int: () => 0 },
    config,
  });
  return { controller, log };
}

export function dumpImage(image: MetadataImage): unknown {
  return {
    offset: image.offset,
    brokers: [...image.brokers.values()].sort((a, b) => a.brokerId - b.brokerId),
    topicsByName: [...image.topicsByName.entries()].sort(([a], [b]) => a.localeCompare(b)),
    topicIds: [...image.topicsById.keys()].sort(),
    configs: [...image.configResources()]
      .map(({ resourceType, resourceName, configs }) => [resourceType, resourceName, [...configs].sort(([a], [b]) => a.localeCompare(b))])
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    nextProducerId: image.nextProducerId,
  };
}

/** Names of the log's files in `dir`, and their total size. */
export function logFiles(dir: string): { names: string[]; bytes: number } {
  const names = fs.readdirSync(dir).filter((f) => f.startsWith('metadata')).sort();
  return { names, bytes: names.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0) };
}
