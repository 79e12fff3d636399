import { Badge } from '@mantine/core';
import type { BrokerState } from '../../main/contract/index.js';

const COLORS: Record<BrokerState, string> = {
  starting: 'blue',
  running: 'teal',
  paused: 'yellow',
  stopping: 'orange',
  stopped: 'gray',
  killed: 'red',
  crashed: 'red',
};

export function BrokerStateBadge({ state, testId }: { state: BrokerState; testId?: string }) {
  return (
    <Badge color={COLORS[state]} variant={state === 'running' ? 'light' : 'filled'} data-testid={testId} data-state={state}>
      {state}
    </Badge>
  );
}
