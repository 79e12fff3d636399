// Consumer groups as the backend answers them, for the groups screens' component tests.
import type { GroupDetail, GroupSummary, LagPoint } from '../../../main/contract/index.js';

export const billing: GroupDetail = {
  groupId: 'billing',
  state: 'Stable',
  protocolType: 'consumer',
  protocol: 'RoundRobinAssigner',
  memberCount: 2,
  topics: ['orders'],
  totalLag: 1_250,
  maxTimeLagMs: 240_000,
  status: 'WARN',
  statusReason: '1 of 2 partitions falling behind; orders-1 WARN: lag did not go down across the last 10 commits (10 -> 1,200) while offsets advanced',
  members: [
    { memberId: 'billing-a-1', groupInstanceId: null, clientId: 'billing-a', clientHost: '/127.0.0.1', assignments: [{ topic: 'orders', partitions: [0] }] },
    { memberId: 'billing-b-2', groupInstanceId: null, clientId: 'billing-b', clientHost: '/10.0.0.7', assignments: [{ topic: 'orders', partitions: [1] }] },
  ],
  partitions: [
    { topic: 'orders', partition: 0, committedOffset: 950, endOffset: 1_000, lag: 50, timeLagMs: 3_200, status: 'OK', memberId: 'billing-a-1' },
    { topic: 'orders', partition: 1, committedOffset: 300, endOffset: 1_500, lag: 1_200, timeLagMs: 240_000, status: 'WARN', memberId: 'billing-b-2' },
  ],
};

/** The same group after its consumers stopped: resettable. */
export const billingEmpty: GroupDetail = {
  ...billing,
  state: 'Empty',
  memberCount: 0,
  members: [],
  partitions: billing.partitions.map((p) => ({ ...p, memberId: null })),
};

const summary = ({ members: _m, partitions: _p, ...rest }: GroupDetail): GroupSummary => rest;

export const groups: GroupSummary[] = [
  summary(billing),
  {
    groupId: 'audit', state: 'Stable', protocolType: 'consumer', protocol: 'range', memberCount: 1, topics: ['audit-log'],
    totalLag: 0, maxTimeLagMs: 0, status: 'OK', statusReason: 'the partition OK; total lag 0',
  },
  {
    groupId: 'reports', state: 'Empty', protocolType: 'consumer', protocol: null, memberCount: 0, topics: ['orders', 'payments'],
    totalLag: 90_000, maxTimeLagMs: 5_400_000, status: 'ERR', statusReason: '1 of 3 partitions in error; payments-0 STOP: no commit for 50s',
  },
];

export const history: LagPoint[] = [
  { at: 1_000, lag: 10, timeLagMs: 500 },
  { at: 2_000, lag: 400, timeLagMs: 90_000 },
  { at: 3_000, lag: 1_250, timeLagMs: 240_000 },
];
