import { canonicalJson } from '../canonical-json.js';
import type { ExportedEntry } from './exported-entry.js';

/** One JSON-lines record: the entry's canonical JSON (RFC 8785, so no raw newline) and `\n`. */
export function formatJsonLine(entry: ExportedEntry): string {
  return `${canonicalJson(entry)}\n`;
}
