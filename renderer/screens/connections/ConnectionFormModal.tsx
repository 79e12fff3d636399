import { Alert, Button, Checkbox, Group, Modal, NativeSelect, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionSummary, ConnectionTestResult } from '../../../main/contract/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useAction } from '../../hooks/use-action.js';
import { SASL_MECHANISMS, initialForm, testArgs, toConnectionInput, validateForm, type ConnectionForm } from './connection-form.js';
import { connectionChanges } from './use-connections.js';

/** Adds a connection (`saved` undefined) or edits one; the test runs what the form holds, without saving it. */
export function ConnectionFormModal({ opened, saved, onClose, onSaved }: {
  opened: boolean;
  saved: ConnectionSummary | undefined;
  onClose: () => void;
  onSaved: (id: string) => void;
}) {
  const [form, setForm] = useState<ConnectionForm>(() => initialForm(saved));
  const [touched, setTouched] = useState(false);
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const save = useAction(connectionChanges.save);
  const test = useAction(connectionChanges.test);
  const { reset: resetSave } = save;
  const { reset: resetTest } = test;

  // Reset when opened for a connection, not whenever the list is refetched while the form is open.
  const savedNow = useRef(saved);
  savedNow.current = saved;
  const savedId = saved?.id;
  useEffect(() => {
    if (!opened) return;
    setForm(initialForm(savedNow.current));
    setTouched(false);
    setResult(null);
    resetSave();
    resetTest();
  }, [opened, savedId, resetSave, resetTest]);

  const hasStoredPassword = !!saved?.sasl?.hasPassword;
  const errors = useMemo(() => validateForm(form, hasStoredPassword), [form, hasStoredPassword]);
  const invalid = Object.keys(errors).length > 0;
  const shown = (key: keyof ConnectionForm) => (touched || form[key] !== initialForm(saved)[key] ? errors[key] : undefined);
  const set = <K extends keyof ConnectionForm>(key: K, value: ConnectionForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setResult(null);
  };
  const sasl = form.saslMechanism !== 'none';
  const args = testArgs(form, saved);
  const testWithoutStoredPassword = sasl && hasStoredPassword && form.password === '' && 'connection' in args;

  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const outcome = await save.run(saved ? { id: saved.id, connection: toConnectionInput(form) } : { connection: toConnectionInput(form) });
    if (outcome.ok) onSaved(outcome.result.id);
  };

  const runTest = async () => {
    setTouched(true);
    setResult(null);
    if (errors.name || errors.bootstrap || errors.caFile || errors.username) return;
    const outcome = await test.run(args);
    if (outcome.ok) setResult(outcome.result);
  };

  return (
    <Modal opened={opened} onClose={onClose} title={saved ? `Edit ${saved.name}` : 'Add a connection'} size="lg" centered>
      <form data-testid="connection-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <Stack gap="sm">
          <TextInput label="Name" placeholder="Staging" value={form.name} error={shown('name')} required autoFocus
            onChange={(e) => set('name', e.currentTarget.value)} data-testid="connection-name" />
          <TextInput label="Bootstrap servers" description="host:port, separated by commas" placeholder="kafka-1.example.com:9092,kafka-2.example.com:9092"
            value={form.bootstrap} error={shown('bootstrap')} required
            onChange={(e) => set('bootstrap', e.currentTarget.value)} data-testid="connection-bootstrap" />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <NativeSelect label="SASL" data={SASL_MECHANISMS} value={form.saslMechanism}
              onChange={(e) => set('saslMechanism', e.currentTarget.value as ConnectionForm['saslMechanism'])} data-testid="connection-sasl-mechanism" />
            <TextInput label="User name" value={form.username} disabled={!sasl} error={sasl ? shown('username') : undefined}
              onChange={(e) => set('username', e.currentTarget.value)} data-testid="connection-username" />
            <PasswordInput label="Password" value={form.password} disabled={!sasl} error={sasl ? shown('password') : undefined}
              description={hasStoredPassword ? 'Leave empty to keep the stored one.' : undefined}
              autoComplete="new-password"
              onChange={(e) => set('password', e.currentTarget.value)} data-testid="connection-password" />
          </SimpleGrid>
          <Switch label="TLS" description="Encrypt the connection; the server's certificate is checked unless you say otherwise."
            checked={form.tls} onChange={(e) => set('tls', e.currentTarget.checked)} data-testid="connection-tls" />
          {form.tls && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="CA file" description="PEM file of the CA that signed the brokers' certificates; empty: the system's CAs."
                placeholder="/etc/ssl/kafka-ca.pem" value={form.caFile} error={shown('caFile')}
                onChange={(e) => set('caFile', e.currentTarget.value)} data-testid="connection-ca-file" />
              <Checkbox mt="xl" label="Reject unauthorized certificates" description="Turn off only for a test cluster with a self-signed certificate."
                checked={form.rejectUnauthorized} onChange={(e) => set('rejectUnauthorized', e.currentTarget.checked)} data-testid="connection-reject-unauthorized" />
            </SimpleGrid>
          )}
          {testWithoutStoredPassword && (
            <Text size="xs" c="dimmed">The test uses what is typed here: type the password to test changed settings with it.</Text>
          )}
          {result && <TestResult result={result} />}
          {test.error && <ErrorAlert error={test.error} title="Could not test the connection" testId="connection-test-error" />}
          {save.error && <ErrorAlert error={save.error} title="Could not save the connection" testId="connection-save-error" />}
          <Group justify="space-between" mt="sm">
            <Button variant="default" onClick={() => void runTest()} loading={test.pending} data-testid="connection-test">Test</Button>
            <Group gap="sm">
              <Button variant="default" onClick={onClose} data-testid="connection-cancel">Cancel</Button>
              <Button type="submit" loading={save.pending} disabled={touched && invalid} data-testid="connection-save">Save</Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TestResult({ result }: { result: ConnectionTestResult }) {
  if (!result.ok) {
    return (
      <Alert color="red" variant="light" title="Connection failed" data-testid="connection-test-result" data-ok="false">
        <Text size="sm">{result.error}</Text>
      </Alert>
    );
  }
  return (
    <Alert color="teal" variant="light" title="Connected" data-testid="connection-test-result" data-ok="true">
      <Text size="sm">
        Cluster <Text span ff="monospace" size="sm" data-testid="connection-test-cluster-id">{result.clusterId}</Text>,{' '}
        {result.brokers} {result.brokers === 1 ? 'broker' : 'brokers'}, answered in {result.latencyMs} ms.
      </Text>
    </Alert>
  );
}
