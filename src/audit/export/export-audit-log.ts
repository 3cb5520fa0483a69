import { SealdeskError } from '../../errors/index.js';
import type { ExportSink } from './export-sink.js';
import { readExportBatch, type ExportableLog } from './read-export-batch.js';

/** Entries per batch unless told otherwise; at most {@link MAX_EXPORT_BATCH}. */
export const DEFAULT_EXPORT_BATCH = 500;
export const MAX_EXPORT_BATCH = 1000;

export interface ExportAuditLogOptions {
  readonly audit: ExportableLog;
  readonly logId: string;
  /** The next index to send: 0 at first, then what the last run returned (or saved). */
  readonly cursor: number;
  readonly sink: ExportSink;
  readonly batchSize?: number | undefined;
  /**
   * Called with the new cursor after each batch the sink acknowledged, before the next batch is
   * read; e.g. {@link writeCursorFile}. A crash then resends at most the batch in flight.
   */
  readonly saveCursor: (cursor: number) => Promise<void>;
  /** Stops between batches once aborted; the returned cursor says how far the export got. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Sends the log's entries from `cursor` up to its size when called, in batches and in order, and
 * returns the new cursor (the next index to send). The cursor moves past a batch only after the
 * sink acknowledged it, so entries are delivered at least once and none is ever skipped. If the
 * sink fails the call rejects; the last saved cursor is where to resume. A cursor beyond the log's
 * end is refused (`invalid_request`): it belongs to another log or a restored database.
 */
export async function exportAuditLog(options: ExportAuditLogOptions): Promise<number> {
  const batchSize = options.batchSize ?? DEFAULT_EXPORT_BATCH;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_EXPORT_BATCH) {
    throw new SealdeskError('invalid_request', { userMessage: `The batch size must be between 1 and ${MAX_EXPORT_BATCH}.` });
  }
  const size = await options.audit.size(options.logId);
  if (!Number.isSafeInteger(options.cursor) || options.cursor < 0 || options.cursor > size) {
    throw new SealdeskError('invalid_request', {
      userMessage: `The export cursor ${options.cursor} is outside log ${options.logId}, which has ${size} entries.`,
    });
  }
  let cursor = options.cursor;
  while (cursor < size && !options.signal?.aborted) {
    const end = Math.min(cursor + batchSize, size);
    await options.sink.deliver(await readExportBatch(options.audit, options.logId, cursor, end));
    cursor = end;
    await options.saveCursor(cursor);
  }
  return cursor;
}
