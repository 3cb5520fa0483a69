import { open } from 'node:fs/promises';
import type { ExportSink } from './export-sink.js';
import type { ExportedEntry } from './exported-entry.js';
import { formatJsonLine } from './format-json-line.js';

/**
 * Appends batches as JSON lines to a file (created 0600), acknowledging a batch once it is fsynced.
 * After a crash the last batch may appear twice; the `index` field tells the copies apart.
 */
export class JsonLinesFileSink implements ExportSink {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async deliver(entries: readonly ExportedEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const file = await open(this.#path, 'a', 0o600);
    try {
      await file.writeFile(entries.map(formatJsonLine).join(''), 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
  }
}
