// The host's own answers, to check what the UI shows against: POST /api/<method> on the UI's address.
// Read-only by intent: a UI test drives the cluster through the page, never through these calls.
import type { ApiMethod, ApiArgs, ApiResult, ClusterMap, HttpAnswer } from '../../../main/contract/index.js';

type ReadMethod = 'getClusterMap' | 'describeTopic' | 'listTopics' | 'listEvents' | 'getOverview';

export async function readApi<M extends ReadMethod & ApiMethod>(url: string, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const res = await fetch(new URL(`api/${method}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const answer = (await res.json()) as HttpAnswer<ApiResult<M>>;
  if (!answer.ok) throw new Error(`${method} answered ${res.status}: ${answer.error.code} ${answer.error.message}`);
  return answer.result;
}

export type Role = 'leader' | 'follower' | 'out-of-sync';

/** `partition -> brokerId -> role` of one topic's replicas, as the cluster map should draw them. */
export function rolesOf(map: ClusterMap, topic: string): Record<number, Record<number, Role>> {
  const roles: Record<number, Record<number, Role>> = {};
  for (const p of map.partitions.filter((q) => q.topic === topic)) {
    roles[p.partition] = {};
    for (const b of p.replicas) roles[p.partition][b] = p.leader === b ? 'leader' : p.isr.includes(b) ? 'follower' : 'out-of-sync';
  }
  return roles;
}
