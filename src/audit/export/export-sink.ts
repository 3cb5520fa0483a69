import type { ExportedEntry } from './exported-entry.js';

/**
 * Where an export goes (a file, standard output, a syslog receiver). `deliver` resolves only once
 * the destination has acknowledged every entry of the batch, in order; if it rejects, the exporter
 * keeps its cursor and the whole batch is sent again next time (at-least-once).
 */
export interface ExportSink {
  deliver(entries: readonly ExportedEntry[]): Promise<void>;
}
