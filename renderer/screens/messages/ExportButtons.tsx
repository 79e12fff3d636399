// Export what is loaded as JSON Lines or CSV (formats defined in ./export-format.ts): built in
// chunks with a progress bar, truncated previews fetched in full, then saved through a Blob link.
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import type { MessageRecord } from '../../../main/contract/index.js';
import { toApiError, type ApiError } from '../../api/index.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatCount } from '../../components/format.js';
import { EXPORT_TYPES, type ExportFormat } from './export-format.js';
import { buildExport } from './export-run.js';
import { fetchRecord } from './use-messages-data.js';

/** Saves `parts` as a file: an object URL on a temporary link, revoked once the download started. */
export function saveFile(parts: BlobPart[], filename: string, mime: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // NB: revoking at once can cancel the download in some browsers; a minute is plenty to start it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function exportFileName(topic: string, format: ExportFormat, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return `${topic}-${stamp}.${EXPORT_TYPES[format].extension}`;
}

export function ExportButtons({ topic, rows }: { topic: string; rows: readonly MessageRecord[] }) {
  const [progress, setProgress] = useState<{ format: ExportFormat; done: number; total: number } | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async (format: ExportFormat) => {
    const controller = new AbortController();
    abort.current = controller;
    setError(undefined);
    // A snapshot: rows appended while exporting (live tail) are not in this file.
    const snapshot = rows.slice();
    setProgress({ format, done: 0, total: snapshot.length });
    try {
      const parts = await buildExport(snapshot, {
        topic,
        format,
        fetchFull: (partition, offset) => fetchRecord(topic, partition, offset),
        onProgress: (done, total) => setProgress({ format, done, total }),
        signal: controller.signal,
      });
      saveFile(parts, exportFileName(topic, format), EXPORT_TYPES[format].mime);
    } catch (err) {
      if (!controller.signal.aborted) setError(toApiError(err));
    } finally {
      if (abort.current === controller) abort.current = null;
      setProgress(null);
    }
  };

  const busy = progress !== null;
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs" wrap="nowrap">
        {progress && (
          <Group gap="xs" wrap="nowrap" data-testid="export-progress">
            <Progress value={progress.total ? (progress.done / progress.total) * 100 : 100} w={140} size="lg" aria-label="Export progress" />
            <Text size="xs" c="dimmed" className="oxbow-mono">{formatCount(progress.done)} / {formatCount(progress.total)}</Text>
            <Button size="xs" variant="subtle" color="gray" onClick={() => abort.current?.abort()} data-testid="export-cancel">Cancel</Button>
          </Group>
        )}
        <Button size="xs" variant="default" disabled={busy || rows.length === 0} onClick={() => void run('jsonl')} data-testid="export-jsonl">Export JSON Lines</Button>
        <Button size="xs" variant="default" disabled={busy || rows.length === 0} onClick={() => void run('csv')} data-testid="export-csv">Export CSV</Button>
      </Group>
      {error && <ErrorAlert error={error} title="Export failed" onClose={() => setError(undefined)} testId="export-error" />}
    </Stack>
  );
}
