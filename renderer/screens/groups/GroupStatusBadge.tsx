import { Badge, Tooltip } from '@mantine/core';
import type { GroupLagStatus, PartitionLagStatus } from '../../../main/contract/index.js';

const COLORS: Record<GroupLagStatus | PartitionLagStatus, string> = {
  OK: 'teal',
  WARN: 'orange',
  ERR: 'red',
  STOP: 'red',
  STALL: 'red',
  REWIND: 'grape',
};

/** Burrow's status of a group or partition; the reason, when given, in a tooltip. */
export function LagStatusBadge({ status, reason, testId }: { status: GroupLagStatus | PartitionLagStatus; reason?: string; testId?: string }) {
  const badge = (
    <Badge color={COLORS[status]} variant={status === 'OK' ? 'light' : 'filled'} data-testid={testId} data-status={status} title={reason}>
      {status}
    </Badge>
  );
  if (!reason) return badge;
  return (
    <Tooltip label={reason} multiline w={360} withArrow>
      {badge}
    </Tooltip>
  );
}
