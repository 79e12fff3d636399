import { formatBytes, formatDuration } from '../../components/format.js';

// Kafka spells "no limit" as Long.MAX_VALUE; as a JS number it reads as 9223372036854776000.
const LONG_MAX = '9223372036854775807';

/** A reading aid beside a raw config value: "7 d" for 604800000 in a *.ms config, "1 GiB" for bytes. */
export function configValueHint(name: string, value: string | null): string | undefined {
  if (value === null || !/^-?\d+$/.test(value)) return undefined;
  if (value === LONG_MAX) return 'no limit';
  const n = Number(value);
  if (name.endsWith('.ms')) {
    if (n === -1) return 'forever';
    return n >= 1000 ? formatDuration(n) : undefined;
  }
  if (name.endsWith('.bytes')) {
    if (n === -1) return 'no limit';
    return n >= 1024 ? formatBytes(n) : undefined;
  }
  return undefined;
}
