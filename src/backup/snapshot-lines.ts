import { SealdeskError } from '../errors/index.js';
import type { RowCounts, SnapshotRecord, SnapshotValue, TableShape } from '../store/index.js';

/**
 * A snapshot's plaintext, one JSON value per line: `{"table","columns"}` before each table's
 * rows, `{"rows":[[…],…]}` batches (binary values as `{"b64":…}`), and last `{"end":{"rows":{…}}}`
 * with the row count of every table, checked on restore.
 */
export function tableLine(table: TableShape): string {
  return `${JSON.stringify({ table: table.name, columns: table.columns })}\n`;
}

export function rowsLine(rows: readonly (readonly SnapshotValue[])[]): string {
  return `${JSON.stringify({ rows: rows.map((row) => row.map((value) => (Buffer.isBuffer(value) ? { b64: value.toString('base64') } : value))) })}\n`;
}

export function endLine(counts: RowCounts): string {
  return `${JSON.stringify({ end: { rows: counts } })}\n`;
}

/** Reads the lines back from decrypted chunks (a line may span chunks); throws `backup_invalid` on anything else. */
export async function* snapshotRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<SnapshotRecord> {
  let carry = '';
  let end: Record<string, unknown> | undefined;
  const counts: Record<string, number> = {};
  let table: string | undefined;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of chunks) {
    const text = carry + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) {
      if (end !== undefined) throw invalid('data follows the end record');
      const record = parseLine(line);
      if ('end' in record) {
        end = record.end;
      } else if ('table' in record) {
        table = record.table;
        counts[table] = 0;
        yield record;
      } else {
        if (table !== undefined) counts[table] = (counts[table] ?? 0) + record.rows.length;
        yield record;
      }
    }
  }
  if (carry !== '' || end === undefined) throw invalid('the snapshot has no end record');
  const expected = (end as { rows?: unknown }).rows;
  if (typeof expected !== 'object' || expected === null || JSON.stringify(sorted(expected as Record<string, number>)) !== JSON.stringify(sorted(counts))) {
    throw invalid('the row counts do not match the end record');
  }
}

type Line = SnapshotRecord | { end: Record<string, unknown> };

function parseLine(line: string): Line {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw invalid('a snapshot line is not JSON');
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    if (typeof object.end === 'object' && object.end !== null) return { end: object.end as Record<string, unknown> };
    if (typeof object.table === 'string' && Array.isArray(object.columns) && object.columns.every((column) => typeof column === 'string')) {
      return { table: object.table, columns: object.columns as string[] };
    }
    if (Array.isArray(object.rows)) return { rows: object.rows.map(decodeRow) };
  }
  throw invalid('a snapshot line has an unknown shape');
}

function decodeRow(row: unknown): SnapshotValue[] {
  if (!Array.isArray(row)) throw invalid('a snapshot row is not a list');
  return row.map((value: unknown) => {
    if (value === null || typeof value === 'string' || typeof value === 'number') return value;
    if (typeof value === 'object' && typeof (value as { b64?: unknown }).b64 === 'string') return Buffer.from((value as { b64: string }).b64, 'base64');
    throw invalid('a snapshot value has an unknown type');
  });
}

function sorted(counts: Record<string, number>): [string, number][] {
  return Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function invalid(detail: string): SealdeskError {
  return new SealdeskError('backup_invalid', { userMessage: `The backup cannot be restored: ${detail}.` });
}
