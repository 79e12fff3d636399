// `npm run bench`: Oxbow's benchmarks, each printing its figures and ratios measured in one run.
//   npm run bench                   every part
//   npm run bench -- --quick        smaller workloads (a smoke run)
//   npm run bench -- --only log     one part: log | broker | cluster (cluster needs `npm run build`)
import { parseArgs } from 'node:util';
import { startCluster } from '../broker-runtime/index.js';
import { runBrokerBench } from './broker-bench.js';
import { runClusterBench } from './cluster-bench.js';
import { runLogBench } from './log-bench.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const parts = values.only ? [values.only] : ['log', 'broker', 'cluster'];

if (parts.includes('log')) {
  console.log('\n## Partition log\n');
  await runLogBench({ quick: values.quick });
}
if (parts.includes('broker')) {
  console.log('\n## Broker (librdkafka rdkafka_performance)\n');
  const cluster = await startCluster({ brokerConfig: { 'num.partitions': '6' } });
  try {
    await runBrokerBench({ bootstrap: cluster.bootstrap, quick: values.quick });
  } finally {
    await cluster.close();
  }
}
if (parts.includes('cluster')) {
  console.log('\n## Cluster: 3 brokers, RF 3, acks=all (librdkafka rdkafka_performance); startup and memory\n');
  await runClusterBench({ quick: values.quick });
}
if (parts.includes('messages')) await (await import('./messages-bench.js')).runMessagesBench({ quick: values.quick }); // --only messages: the message browser's first page (needs dist/)
