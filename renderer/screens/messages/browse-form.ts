// Where to read from, as the controls hold it, and the BrowseQuery it becomes.
import type { MessageFilter } from '../../../main/contract/index.js';
import { fromDateTimeInput } from './time.js';
import type { BrowseQuery, StartChoice } from './use-message-browser.js';

export type StartMode = 'newest' | 'oldest' | 'offset' | 'timestamp' | 'tail';

export interface BrowseForm {
  partition: 'all' | `${number}`;
  start: StartMode;
  offset: string;
  /** A datetime-local value (local time). */
  timestamp: string;
  pageSize: `${number}`;
}

export const PAGE_SIZES = ['100', '500', '1000', '5000'] as const;

export const DEFAULT_BROWSE: BrowseForm = { partition: 'all', start: 'newest', offset: '0', timestamp: '', pageSize: '500' };

export const START_LABELS: Record<StartMode, string> = { newest: 'Newest', oldest: 'Oldest', offset: 'Offset', timestamp: 'Time', tail: 'Live tail' };

export function startChoice(form: BrowseForm): StartChoice | { problem: string } {
  switch (form.start) {
    case 'offset': {
      const offset = Number(form.offset);
      if (form.offset.trim() === '' || !Number.isSafeInteger(offset) || offset < 0) return { problem: 'An offset is a whole number, 0 or more.' };
      return { kind: 'offset', offset };
    }
    case 'timestamp': {
      const timestamp = fromDateTimeInput(form.timestamp);
      if (timestamp === null || timestamp < 0) return { problem: 'Pick a date and time to start from.' };
      return { kind: 'timestamp', timestamp };
    }
    default:
      return { kind: form.start };
  }
}

export function browseQuery(topic: string, form: BrowseForm, filter: MessageFilter | undefined): BrowseQuery | { problem: string } {
  const start = startChoice(form);
  if ('problem' in start) return start;
  return { topic, partition: form.partition === 'all' ? null : Number(form.partition), start, filter, pageSize: Number(form.pageSize) };
}
