import { SealdeskError } from '../../errors/index.js';
import type { VerifiableAuditLog } from '../log/index.js';
import { toExportedEntry, type ExportedEntry } from './exported-entry.js';

/** What exporting needs from the log. */
export type ExportableLog = Pick<VerifiableAuditLog, 'size' | 'entries'>;

/**
 * Entries [start, end) of a log, ready to export. Requires 0 <= start <= end <= the log's size.
 * Fails closed (`internal`) unless the store returns exactly those indexes in order: an export
 * never skips an entry silently.
 */
export async function readExportBatch(audit: ExportableLog, logId: string, start: number, end: number): Promise<ExportedEntry[]> {
  const entries = await audit.entries(logId, start, end);
  entries.forEach((entry, offset) => {
    if (entry.index !== start + offset) throw gap(logId, start + offset);
  });
  if (entries.length !== end - start) throw gap(logId, start + entries.length);
  return entries.map(toExportedEntry);
}

function gap(logId: string, index: number): SealdeskError {
  return new SealdeskError('internal', { detail: `audit log ${logId} has no entry ${index} below its size` });
}
