import { Badge, Code, Group, Menu, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useApiQuery } from '../hooks/use-api-query.js';
import { useAction } from '../hooks/use-action.js';
import { IconChevronDown, IconPlug } from '../components/icons.js';
import { connectionChanges, useConnectionList } from '../screens/connections/use-connections.js';
import { routeHash } from './routes.js';

/**
 * The header's "what am I looking at": the selected connection's name, kind and bootstrap address;
 * the name opens a quick switcher between the saved connections.
 */
export function ConnectionLabel() {
  const { data, error } = useApiQuery('connection', (b) => b.getConnection({}), { refetchOn: (e) => e.kind === 'changed' });
  const connections = useConnectionList();
  const select = useAction(connectionChanges.select);
  if (!data) {
    return error ? <Badge color="red" variant="light" data-testid="connection-error">Not connected</Badge> : null;
  }
  return (
    <Group gap="xs" wrap="nowrap" data-testid="connection" style={{ minWidth: 0 }}>
      <Menu position="bottom-start" shadow="md" width={280}>
        <Menu.Target>
          <UnstyledButton aria-label="Switch connection" data-testid="connection-switcher" style={{ minWidth: 0 }}>
            <Group gap={4} wrap="nowrap">
              <Text fw={600} size="sm" truncate data-testid="connection-name">{data.name}</Text>
              <IconChevronDown size={14} />
            </Group>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Show the cluster of</Menu.Label>
          {(connections.data ?? []).map((c) => (
            <Menu.Item key={c.id} disabled={c.selected} onClick={() => void select.run(c.id)} data-testid={`connection-switch-${c.id}`}
              rightSection={c.selected ? <Badge size="xs" variant="light">in use</Badge> : c.kind === 'embedded' ? <Badge size="xs" variant="outline" color="teal">embedded</Badge> : null}>
              <Text size="sm" truncate>{c.name}</Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item component="a" href={routeHash({ screen: 'connections' })} leftSection={<IconPlug size={14} />} data-testid="connection-manage">
            Manage connections…
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Tooltip label={<>Cluster id {data.clusterId}{data.dataDir ? <><br />Data in {data.dataDir}</> : null}</>}>
        <Badge size="sm" variant="outline" color={data.kind === 'embedded' ? 'teal' : 'grape'} data-testid="connection-kind">{data.kind}</Badge>
      </Tooltip>
      <Code visibleFrom="sm" data-testid="connection-bootstrap">{data.bootstrap}</Code>
      {select.error && (
        <Tooltip label={select.error.message} multiline w={320}>
          <Badge color="red" variant="light" style={{ cursor: 'pointer' }} onClick={select.reset} data-testid="connection-switch-error">Could not switch</Badge>
        </Tooltip>
      )}
    </Group>
  );
}
