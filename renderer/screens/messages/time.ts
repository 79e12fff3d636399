// Record timestamps in the user's local time, to the millisecond, and the date-time input's value.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-24 10:11:12.345`, local time. */
export function formatTimestamp(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The value an `<input type="datetime-local" step="0.001">` shows for `ms` (local time). */
export function toDateTimeInput(ms: number): string {
  return formatTimestamp(ms).replace(' ', 'T');
}

/** ms since the epoch of a datetime-local value (`YYYY-MM-DDTHH:mm[:ss[.sss]]`, local time); null when empty or invalid. */
export function fromDateTimeInput(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '0', frac = '0'] = m;
  const ms = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(frac.padEnd(3, '0'))).getTime();
  return Number.isFinite(ms) ? ms : null;
}
