// How lag reads on the groups screens: records with grouping, time in the one unit a person would
// say ("3.2 s", "4 min", "2.5 h"), a decimal only while the number is small.
import { formatCount } from '../../components/format.js';

/** Largest first; each unit is said until the number reaches the next one. */
const TIME_UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1_000], ['ms', 1]];

/** One decimal below 10 ("3.2"), whole numbers above ("45"); no ".0". */
function rounded(value: number, unit: string): number {
  return unit === 'ms' || value >= 10 ? Math.round(value) : Math.round(value * 10) / 10;
}

/** Time lag: "0 s" caught up, "850 ms", "3.2 s", "45 s", "4 min", "1.5 h", "2 d"; "—" unknown. */
export function formatTimeLag(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms === 0) return '0 s';
  const found = TIME_UNITS.findIndex(([, size]) => ms >= size);
  const i = found < 0 ? TIME_UNITS.length - 1 : found;
  const [unit, size] = TIME_UNITS[i];
  const value = rounded(ms / size, unit);
  // 59.97 s would read "60 s": it is "1 min".
  if (i > 0 && value * size >= TIME_UNITS[i - 1][1]) {
    const [bigger, biggerSize] = TIME_UNITS[i - 1];
    return `${rounded(ms / biggerSize, bigger)} ${bigger}`;
  }
  return `${value} ${unit}`;
}

/** Records behind; "—" when nothing is committed. */
export function formatLag(records: number | null | undefined): string {
  return records === null || records === undefined ? '—' : formatCount(records);
}

/** A committed offset; -1 means the group has not committed there. */
export function formatOffset(offset: number): string {
  return offset < 0 ? 'none' : formatCount(offset);
}
