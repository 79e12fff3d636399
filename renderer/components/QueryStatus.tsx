import { Center, Loader, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/index.js';
import { ErrorAlert } from './ErrorAlert.js';

/**
 * The loading and error frame around a screen's data: a spinner before the first answer, the
 * error alone when there is nothing to show, and the error above stale data after a failed refresh.
 */
export function QueryStatus<T>({ data, error, loading, children, label }: {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  label: string;
  children: (data: T) => ReactNode;
}) {
  if (data === undefined) {
    if (error) return <ErrorAlert error={error} title={`Could not load ${label}`} testId="load-error" />;
    if (loading) {
      return (
        <Center py="xl" data-testid="loading">
          <Stack align="center" gap="xs">
            <Loader size="sm" />
            <Text size="sm" c="dimmed">Loading {label}…</Text>
          </Stack>
        </Center>
      );
    }
    return null;
  }
  return (
    <Stack gap="md">
      {error && <ErrorAlert error={error} title={`Could not refresh ${label}; showing the last answer`} testId="refresh-error" />}
      {children(data)}
    </Stack>
  );
}
