// The message browser: pick a topic and where to start, read pages (load more, infinite scroll,
// live tail), filter on the server, open a record in the drawer, produce, export what is loaded,
// and with one partition selected, jump through it by time.
import { Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { MessageRecord } from '../../../main/contract/index.js';
import { navigate } from '../../app/routes.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { IconPlus } from '../../components/icons.js';
import { BrowseControls } from './BrowseControls.js';
import { browseQuery, DEFAULT_BROWSE, type BrowseForm } from './browse-form.js';
import { ExportButtons } from './ExportButtons.js';
import { FilterBar } from './FilterBar.js';
import { EMPTY_FILTER, filterProblem, toMessageFilter, type FilterForm } from './filter-model.js';
import { MessageDrawer } from './MessageDrawer.js';
import { MessageList } from './MessageList.js';
import { emptyProduceForm, formFromRecord, type ProduceForm } from './produce-form.js';
import { ProduceModal } from './ProduceModal.js';
import { TimeMapPanel } from './TimeMap.js';
import { useMessageBrowser } from './use-message-browser.js';
import { useTopicChoices, useTopicPartitions } from './use-messages-data.js';

function TopicBrowser({ topic }: { topic: string }) {
  const topics = useTopicChoices();
  const detail = useTopicPartitions(topic);
  const { state, browse, loadMore, stopTail } = useMessageBrowser();
  const [form, setForm] = useState<BrowseForm>(DEFAULT_BROWSE);
  const [filter, setFilter] = useState<FilterForm>(EMPTY_FILTER);
  const [problem, setProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<MessageRecord | null>(null);
  const [producing, setProducing] = useState<ProduceForm | null>(null);
  const [mapRefresh, setMapRefresh] = useState(0);
  const partitions = useMemo(() => detail.data?.partitions.map((p) => p.partition).sort((a, b) => a - b) ?? [], [detail.data]);

  const go = useCallback((browseForm: BrowseForm, filterForm: FilterForm) => {
    const query = browseQuery(topic, browseForm, toMessageFilter(filterForm));
    const why = 'problem' in query ? query.problem : filterProblem(filterForm);
    setProblem(why);
    if (why || 'problem' in query) return;
    setMapRefresh((n) => n + 1);
    void browse(query);
  }, [topic, browse]);

  // Opening a topic shows its newest records (`go` is stable for the topic, which keys this screen).
  useEffect(() => go(DEFAULT_BROWSE, EMPTY_FILTER), [go]);

  const jump = useCallback((partition: number, offset: number) => {
    const next: BrowseForm = { ...form, partition: `${partition}`, start: 'offset', offset: String(offset) };
    setForm(next);
    go(next, filter);
  }, [form, filter, go]);

  const onLoadMore = useCallback(() => loadMore(true), [loadMore]);
  const filtered = !!state.query?.filter;
  const notFound = detail.error?.code === 'NOT_FOUND' || detail.error?.kafkaCode === 'UNKNOWN_TOPIC_OR_PARTITION';
  const topicList = topics.data ?? [];
  const onePartition = form.partition === 'all' ? null : Number(form.partition);

  return (
    <Stack gap="md" data-testid="screen-messages">
      <Group justify="space-between">
        <Title order={2} style={{ overflowWrap: 'anywhere' }}>Messages · {topic}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setProducing(emptyProduceForm(topic))} data-testid="produce-open">Produce</Button>
      </Group>
      {notFound && detail.error && <ErrorAlert error={detail.error} title={`There is no topic named ${topic}`} testId="messages-topic-not-found" />}
      {topics.error && !topics.data && <ErrorAlert error={topics.error} title="Could not load the topics" testId="messages-topics-error" />}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <BrowseControls topic={topic} topics={topicList} partitions={partitions} form={form} onChange={setForm}
            onTopic={(name) => name !== topic && navigate({ screen: 'messages', topic: name })} onGo={() => go(form, filter)}
            tailing={state.tailing} onStopTail={stopTail} loading={state.loading} />
          <FilterBar form={filter} onChange={setFilter} onApply={() => go(form, filter)} active={filtered}
            onClear={() => {
              setFilter(EMPTY_FILTER);
              go(form, EMPTY_FILTER);
            }} />
          {problem && <Text size="sm" c="red" data-testid="messages-problem">{problem}</Text>}
        </Stack>
      </Paper>
      {onePartition !== null && <TimeMapPanel topic={topic} partition={onePartition} refresh={mapRefresh} onJump={jump} />}
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Group gap="sm">
          <Text size="sm" data-testid="messages-count" data-count={state.rows.length}>{formatCount(state.rows.length)} loaded</Text>
          {filtered && (
            <Text size="sm" c="dimmed" data-testid="messages-scanned" data-scanned={state.scanned}>
              scanned {formatCount(state.scanned)}
            </Text>
          )}
          {state.tailing && <Badge color="red" variant="dot" data-testid="messages-live">Live</Badge>}
          {state.atEnd && !state.tailing && <Badge color="gray" variant="light" data-testid="messages-at-end">At the end</Badge>}
        </Group>
        <ExportButtons topic={topic} rows={state.rows} />
      </Group>
      {state.error && <ErrorAlert error={state.error} title="Could not read messages" testId="messages-error" />}
      {/* Newest and live tail read up to the end: the view sits at the bottom, where the latest records are. */}
      <MessageList rows={state.rows} onOpen={setSelected} selected={selected} onNearEnd={onLoadMore}
        follow={state.tailing || state.query?.start.kind === 'newest'}
        empty={state.loading ? 'Reading…' : state.query ? (filtered ? 'No record matches the filter here.' : 'No records here.') : undefined} />
      {!state.tailing && state.query && (
        <Group justify="center">
          <Button variant="default" onClick={() => loadMore()} loading={state.loading} data-testid="messages-load-more">
            {state.atEnd ? 'Check for newer records' : 'Load more'}
          </Button>
        </Group>
      )}
      <MessageDrawer topic={topic} record={selected} onClose={() => setSelected(null)}
        onReproduce={(record) => {
          setSelected(null);
          setProducing(formFromRecord(topic, record));
        }} />
      <ProduceModal initial={producing} topics={topicList} onClose={() => setProducing(null)} />
    </Stack>
  );
}

export function MessagesScreen({ topic }: { topic?: string }) {
  const topics = useTopicChoices();
  if (topic) return <TopicBrowser topic={topic} />;
  return (
    <Stack gap="md" data-testid="screen-messages">
      <Title order={2}>Messages</Title>
      {topics.error && !topics.data && <ErrorAlert error={topics.error} title="Could not load the topics" testId="messages-topics-error" />}
      <Paper withBorder p="md">
        <BrowseControls topic={undefined} topics={topics.data ?? []} partitions={[]} form={DEFAULT_BROWSE} onChange={() => {}}
          onTopic={(name) => navigate({ screen: 'messages', topic: name })} onGo={() => {}} tailing={false} onStopTail={() => {}} loading={false} />
      </Paper>
      <Text c="dimmed" size="sm">Pick a topic to browse its messages.</Text>
    </Stack>
  );
}
