import type { Writable } from 'node:stream';
import type { ExportSink } from './export-sink.js';
import type { ExportedEntry } from './exported-entry.js';
import { formatJsonLine } from './format-json-line.js';

/** Writes batches as JSON lines to a stream (standard output); a batch is acknowledged when the stream has taken it. */
export class JsonLinesStreamSink implements ExportSink {
  readonly #stream: Writable;

  constructor(stream: Writable) {
    this.#stream = stream;
  }

  deliver(entries: readonly ExportedEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#stream.write(entries.map(formatJsonLine).join(''), 'utf8', (error) => (error ? reject(error) : resolve()));
    });
  }
}
