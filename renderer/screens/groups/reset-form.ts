// The reset-offsets form's values turned into the contract's spec, or what is wrong with them.
import type { OffsetResetSpec } from '../../../main/contract/index.js';

export type ResetKind = OffsetResetSpec['kind'];

export interface ResetForm {
  kind: ResetKind;
  /** A datetime-local input's value (local time), for 'timestamp'. */
  dateTime: string;
  offset: string;
  shift: string;
}

export const RESET_KINDS: { value: ResetKind; label: string }[] = [
  { value: 'earliest', label: 'Earliest' },
  { value: 'latest', label: 'Latest' },
  { value: 'timestamp', label: 'Timestamp' },
  { value: 'offset', label: 'Offset' },
  { value: 'shift', label: 'Shift by' },
];

const INTEGER = /^[+-]?\d+$/;

/** The spec the form describes, or the message to show beside it. */
export function resetSpec(form: ResetForm): { spec: OffsetResetSpec } | { problem: string } {
  switch (form.kind) {
    case 'earliest':
    case 'latest':
      return { spec: { kind: form.kind } };
    case 'timestamp': {
      const timestamp = form.dateTime ? new Date(form.dateTime).getTime() : Number.NaN;
      if (!Number.isFinite(timestamp) || timestamp < 0) return { problem: 'Choose a date and time.' };
      return { spec: { kind: 'timestamp', timestamp } };
    }
    case 'offset': {
      const text = form.offset.trim();
      const offset = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(offset) || offset < 0) return { problem: 'An offset is a whole number, 0 or more.' };
      return { spec: { kind: 'offset', offset } };
    }
    case 'shift': {
      const text = form.shift.trim();
      const by = Number(text);
      if (!INTEGER.test(text) || !Number.isSafeInteger(by)) return { problem: 'Shift by a whole number of records: negative goes back, positive skips ahead.' };
      return { spec: { kind: 'shift', by } };
    }
  }
}

/** A spec and topics as one string, so a preview is known to match what the form shows now. */
export function resetKey(spec: OffsetResetSpec, topics: readonly string[]): string {
  return JSON.stringify([spec, [...topics].sort()]);
}
