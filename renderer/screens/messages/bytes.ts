// Record bytes as a person reads them: base64 from the contract decoded once, shown as JSON, text,
// hex or base64. Detection: JSON if the text parses, text if valid UTF-8 and printable, else hex.
import type { EncodedBytes } from '../../../main/contract/index.js';

export type ValueFormat = 'json' | 'text' | 'hex' | 'base64';

export function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode with a spread of a large array overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The UTF-8 text of `bytes`, or null when they are not valid UTF-8. A truncated preview may end in
 * the middle of a character: `truncated` forgives an incomplete sequence at the very end.
 * Invariant: a byte-order mark is kept (ignoreBOM), so the text round-trips to the same bytes.
 */
export function utf8Text(bytes: Uint8Array, truncated = false): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: truncated });
  } catch {
    return null;
  }
}

// C0 controls other than tab, line feed and carriage return, and DEL: a sign of binary data.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function isPrintable(text: string): boolean {
  return !CONTROL.test(text);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

// NB: JSON.parse reads numbers as doubles, so the tree shows an integer past 2^53 rounded; the
// Text view (and the export, which keeps the text) has the digits as they are.

export function parseJson(text: string): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Everything the views need of one field's bytes, computed once per field. */
export interface DecodedBytes {
  bytes: Uint8Array;
  /** Full length on the broker (more than `bytes` when the preview was truncated). */
  length: number;
  truncated: boolean;
  text: string | null;
  json: ParsedJson;
  detected: ValueFormat;
}

export function decodeBytes(encoded: EncodedBytes): DecodedBytes {
  const bytes = decodeBase64(encoded.base64);
  const text = utf8Text(bytes, encoded.truncated);
  // NB: a truncated JSON document does not parse; the drawer fetches the full value first.
  const json: ParsedJson = text !== null && !encoded.truncated ? parseJson(text) : { ok: false };
  const detected: ValueFormat = json.ok ? 'json' : text !== null && isPrintable(text) ? 'text' : 'hex';
  return { bytes, length: encoded.length, truncated: encoded.truncated, text, json, detected };
}

export function detectFormat(encoded: EncodedBytes): ValueFormat {
  return decodeBytes(encoded).detected;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hexString(bytes: Uint8Array, max = bytes.length): string {
  const n = Math.min(max, bytes.length);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = HEX[bytes[i]];
  return out.join(' ');
}

/** A classic dump: offset, 16 bytes in hex, the printable ASCII beside them. */
export function hexDump(bytes: Uint8Array, maxBytes = 64 * 1024): string {
  const n = Math.min(maxBytes, bytes.length);
  const lines: string[] = [];
  for (let at = 0; at < n; at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, n));
    const hex = hexString(row).padEnd(47, ' ');
    let ascii = '';
    for (const b of row) ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    lines.push(`${at.toString(16).padStart(8, '0')}  ${hex}  ${ascii}`);
  }
  if (bytes.length > n) lines.push(`… ${bytes.length - n} more bytes`);
  return lines.join('\n');
}

const PREVIEW_CHARS = 240;

/** One line for the list: text with whitespace collapsed, or the first bytes in hex. */
export function previewLine(encoded: EncodedBytes | null): string {
  if (!encoded) return '';
  const bytes = decodeBase64(encoded.base64);
  const text = utf8Text(bytes.subarray(0, PREVIEW_CHARS * 4), true);
  if (text !== null && isPrintable(text)) {
    const line = text.replace(/\s+/g, ' ').slice(0, PREVIEW_CHARS);
    return encoded.truncated || text.length > PREVIEW_CHARS ? `${line}…` : line;
  }
  const hex = hexString(bytes, 48);
  return bytes.length > 48 || encoded.truncated ? `${hex} …` : hex;
}
