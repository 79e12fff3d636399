import { Badge, Code, Group, Text, Tooltip } from '@mantine/core';
import { useApiQuery } from '../hooks/use-api-query.js';

/** The header's "what am I looking at": the connection's name, kind and bootstrap address. */
export function ConnectionLabel() {
  const { data, error } = useApiQuery('connection', (b) => b.getConnection({}), { refetchOn: (e) => e.kind === 'changed' });
  if (!data) {
    return error ? <Badge color="red" variant="light" data-testid="connection-error">Not connected</Badge> : null;
  }
  return (
    <Group gap="xs" wrap="nowrap" data-testid="connection">
      <Tooltip label={<>Cluster id {data.clusterId}{data.dataDir ? <><br />Data in {data.dataDir}</> : null}</>}>
        <Text fw={600} size="sm" truncate data-testid="connection-name">{data.name}</Text>
      </Tooltip>
      <Badge size="sm" variant="outline" color={data.kind === 'embedded' ? 'teal' : 'grape'}>{data.kind}</Badge>
      <Code visibleFrom="sm" data-testid="connection-bootstrap">{data.bootstrap}</Code>
    </Group>
  );
}
