// `npm run bench`: Oxbow's benchmarks, each printing its figures and ratios measured in one run.
//   npm run bench                   every part
//   npm run bench -- --quick        smaller workloads (a smoke run)
//   npm run bench -- --only log     one part: log | broker | cluster | messages (cluster and
//                                   messages need `npm run build`)
import { parseArgs } from 'node:util';
import { startCluster } from '../broker-runtime/index.js';
import { runBrokerBench } from './broker-bench.js';
import { runClusterBench } from './cluster-bench.js';
import { runLogBench } from './log-bench.js';
import { runMessagesBench } from './messages-bench.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const parts = values.only ? [values.only] : ['log', 'broker', 'cluster', 'messages'];

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
if (parts.includes('messages')) {
  console.log('\n## Message browser: time to the first page of a 1,000,000-record partition\n');
  await runMessagesBench({ quick: values.quick });
}
