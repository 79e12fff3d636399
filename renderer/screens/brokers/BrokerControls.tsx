import { Button, Group, Tooltip } from '@mantine/core';
import type { BrokerView } from '../../../main/contract/index.js';
import { IconBolt, IconPause, IconPlay, IconRotate, IconStop } from '../../components/icons.js';
import { isAllowed, type BrokerAction } from './broker-actions.js';

const HELP: Record<BrokerAction, string> = {
  start: 'Start the broker; it rejoins and catches up as a follower',
  stop: 'Graceful shutdown: flush, then leave',
  kill: 'Hard stop, like SIGKILL: no flush',
  pause: 'Keep the process alive but stop answering (a hung broker)',
  resume: 'Answer again after a pause',
  restart: 'Graceful stop, then start',
};

function Control({ action, broker, busy, onAction, label, color, Icon }: {
  action: BrokerAction;
  broker: BrokerView;
  busy: boolean;
  onAction: (action: BrokerAction, broker: BrokerView) => void;
  label: string;
  color?: string;
  Icon: typeof IconPlay;
}) {
  const allowed = isAllowed(broker.state, action);
  return (
    <Tooltip label={allowed ? HELP[action] : `Not while ${broker.state}`} openDelay={400}>
      <Button
        size="compact-xs"
        variant="light"
        color={color}
        leftSection={<Icon size={12} />}
        disabled={!allowed || busy}
        onClick={() => onAction(action, broker)}
        data-testid={`broker-${action}-${broker.id}`}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

/** The row's controls; each is enabled only in the states where it applies. */
export function BrokerControls({ broker, busy, onAction }: { broker: BrokerView; busy: boolean; onAction: (action: BrokerAction, broker: BrokerView) => void }) {
  const common = { broker, busy, onAction };
  const paused = broker.state === 'paused';
  return (
    <Group gap={4} wrap="nowrap">
      <Control action="start" label="Start" color="teal" Icon={IconPlay} {...common} />
      <Control action="stop" label="Stop" color="gray" Icon={IconStop} {...common} />
      <Control action="restart" label="Restart" color="blue" Icon={IconRotate} {...common} />
      {paused
        ? <Control action="resume" label="Resume" color="teal" Icon={IconPlay} {...common} />
        : <Control action="pause" label="Pause" color="yellow" Icon={IconPause} {...common} />}
      <Control action="kill" label="Kill" color="red" Icon={IconBolt} {...common} />
    </Group>
  );
}
