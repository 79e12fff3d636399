import { Alert, Code, List, Text } from '@mantine/core';
import type { ApiError } from '../api/index.js';
import { IconAlert } from './icons.js';

const TITLES: Record<ApiError['code'], string> = {
  INVALID_ARGUMENT: 'Invalid input',
  NOT_FOUND: 'Not found',
  KAFKA_ERROR: 'The cluster refused',
  UNSUPPORTED: 'Not available here',
  UNAVAILABLE: 'Backend unavailable',
  INTERNAL: 'Something went wrong',
};

/** An API error as the user should read it: what kind, Kafka's own error name, and the message. */
export function ErrorAlert({ error, title, onClose, testId }: { error: ApiError; title?: string; onClose?: () => void; testId?: string }) {
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlert />}
      title={title ?? TITLES[error.code]}
      withCloseButton={!!onClose}
      onClose={onClose}
      data-testid={testId}
      data-error-code={error.code}
    >
      <Text size="sm">
        {error.kafkaCode && <Code color="red.1" mr={6} data-testid="kafka-error-code">{error.kafkaCode}</Code>}
        {error.message}
      </Text>
      {error.issues.length > 0 && (
        <List size="sm" mt={4}>
          {error.issues.map((issue) => (
            <List.Item key={`${issue.path}:${issue.message}`}>
              <Text span ff="monospace" size="sm">{issue.path}</Text>: {issue.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
