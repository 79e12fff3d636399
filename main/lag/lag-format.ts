// Numbers and durations as the evaluator's reasons print them. Fixed to en-US grouping so a reason
// reads the same on every machine and tests can compare strings.
const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return counts.format(n);
}

/** "850ms", "45s", "5m 20s", "2h 3m", "3d 4h": the two largest units, truncated. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  const units: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1_000]];
  const parts: string[] = [];
  let rest = ms;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 || parts.length > 0) parts.push(`${n}${name}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  if (parts.length === 2 && parts[1].startsWith('0')) parts.pop();
  return parts.join(' ');
}
