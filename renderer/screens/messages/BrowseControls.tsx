// The browser's controls: topic (searchable), partition (all or one), where to start, page size.
import { Button, Group, NativeSelect, SegmentedControl, Select, TextInput } from '@mantine/core';
import type { TopicSummary } from '../../../main/contract/index.js';
import { IconPlay, IconStop } from '../../components/icons.js';
import { PAGE_SIZES, START_LABELS, type BrowseForm, type StartMode } from './browse-form.js';

export function BrowseControls({ topic, topics, partitions, form, onChange, onTopic, onGo, tailing, onStopTail, loading }: {
  topic: string | undefined;
  topics: readonly TopicSummary[];
  /** Partition numbers of the topic. */
  partitions: readonly number[];
  form: BrowseForm;
  onChange: (form: BrowseForm) => void;
  onTopic: (topic: string) => void;
  onGo: () => void;
  tailing: boolean;
  onStopTail: () => void;
  loading: boolean;
}) {
  const set = <K extends keyof BrowseForm>(key: K, value: BrowseForm[K]) => onChange({ ...form, [key]: value });
  const topicData = [
    { group: 'Topics', items: topics.filter((t) => !t.internal).map((t) => t.name) },
    { group: 'Internal', items: topics.filter((t) => t.internal).map((t) => t.name) },
  ].filter((g) => g.items.length > 0);
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <Select label="Topic" placeholder="Pick a topic" searchable data={topicData} value={topic ?? null} w={260}
        onChange={(value) => value && onTopic(value)} nothingFoundMessage="No such topic" data-testid="messages-topic" />
      <NativeSelect label="Partition" w={140} value={form.partition} onChange={(e) => set('partition', e.currentTarget.value as BrowseForm['partition'])}
        data={[{ value: 'all', label: 'All' }, ...partitions.map((p) => ({ value: String(p), label: String(p) }))]} data-testid="messages-partition" />
      <div>
        <SegmentedControl value={form.start} onChange={(v) => set('start', v as StartMode)} data-testid="messages-start"
          data={(Object.keys(START_LABELS) as StartMode[]).map((value) => ({ value, label: START_LABELS[value] }))} />
      </div>
      {form.start === 'offset' && (
        <TextInput label="Offset" w={140} inputMode="numeric" value={form.offset} onChange={(e) => set('offset', e.currentTarget.value)}
          onKeyDown={(e) => e.key === 'Enter' && onGo()} data-testid="messages-offset" />
      )}
      {form.start === 'timestamp' && (
        <TextInput label="From (local time)" type="datetime-local" w={240} value={form.timestamp} onChange={(e) => set('timestamp', e.currentTarget.value)}
          step={0.001} data-testid="messages-timestamp" />
      )}
      <NativeSelect label="Page size" w={110} value={form.pageSize} onChange={(e) => set('pageSize', e.currentTarget.value as BrowseForm['pageSize'])}
        data={[...PAGE_SIZES]} data-testid="messages-page-size" />
      {tailing ? (
        <Button color="red" variant="light" leftSection={<IconStop size={14} />} onClick={onStopTail} data-testid="messages-stop-tail">Stop tail</Button>
      ) : (
        <Button leftSection={<IconPlay size={14} />} onClick={onGo} disabled={!topic} loading={loading && !tailing} data-testid="messages-go">Go</Button>
      )}
    </Group>
  );
}
