import fc from 'fast-check';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, type AuditEntry } from '../../src/audit/index.js';
import { exportAuditLog, readCursorFile, writeCursorFile, type ExportableLog, type ExportedEntry, type ExportSink } from '../../src/audit/export/index.js';

const LOG = 'ten_acme';

/** A log of `size` entries held in memory; `missing` indexes are absent, as after a corrupted restore. */
function memoryLog(size: number, missing: readonly number[] = []): ExportableLog {
  const entry = (index: number): AuditEntry => ({
    index,
    recordedAt: '2026-03-01T09:00:00.000Z',
    leafHash: new Uint8Array(32).fill(index % 256),
    body: index % 5 === 4 ? null : canonicalJson({ v: 1, action: 'content.read', seq: index }),
  });
  return {
    size: async () => size,
    entries: async (_, start, end) =>
      Array.from({ length: Math.max(0, Math.min(end, size) - start) }, (_, i) => start + i)
        .filter((index) => !missing.includes(index))
        .map(entry),
  };
}

/** Records what reached the destination; fails (after taking the batch, or before) on the deliveries listed. */
class RecordingSink implements ExportSink {
  readonly received: number[] = [];
  deliveries = 0;
  constructor(readonly failures: ReadonlyMap<number, 'before' | 'after'> = new Map()) {}

  async deliver(entries: readonly ExportedEntry[]): Promise<void> {
    const failure = this.failures.get(this.deliveries++);
    if (failure === 'before') throw new Error('receiver down');
    this.received.push(...entries.map((entry) => entry.index));
    if (failure === 'after') throw new Error('connection reset before the acknowledgement');
  }
}

describe('exportAuditLog', () => {
  it('sends every entry once, in order, in batches, saving the cursor after each', async () => {
    const sink = new RecordingSink();
    const saved: number[] = [];
    const next = await exportAuditLog({ audit: memoryLog(23), logId: LOG, cursor: 0, sink, batchSize: 10, saveCursor: async (c) => void saved.push(c) });
    expect(next).toBe(23);
    expect(sink.received).toEqual([...Array(23).keys()]);
    expect(saved).toEqual([10, 20, 23]);
  });

  it('sends pruned entries with event null and parses each stored body', async () => {
    const batches: ExportedEntry[][] = [];
    await exportAuditLog({ audit: memoryLog(5), logId: LOG, cursor: 3, sink: { deliver: async (e) => void batches.push([...e]) }, saveCursor: async () => {} });
    expect(batches).toEqual([
      [
        { index: 3, leafHash: Buffer.alloc(32, 3).toString('base64'), event: { v: 1, action: 'content.read', seq: 3 } },
        { index: 4, leafHash: Buffer.alloc(32, 4).toString('base64'), event: null },
      ],
    ]);
  });

  it('resumes from a cursor, sends nothing when caught up, and refuses a cursor past the end', async () => {
    const sink = new RecordingSink();
    expect(await exportAuditLog({ audit: memoryLog(8), logId: LOG, cursor: 8, sink, saveCursor: async () => {} })).toBe(8);
    expect(sink.deliveries).toBe(0);
    await expect(exportAuditLog({ audit: memoryLog(8), logId: LOG, cursor: 9, sink, saveCursor: async () => {} })).rejects.toMatchObject({
      code: 'invalid_request',
    });
  });

  it.each([0, 1001, 2.5])('refuses a batch size of %s', async (batchSize) => {
    await expect(
      exportAuditLog({ audit: memoryLog(3), logId: LOG, cursor: 0, sink: new RecordingSink(), batchSize, saveCursor: async () => {} }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('fails closed on a gap in the log instead of skipping the missing entry', async () => {
    const sink = new RecordingSink();
    const saved: number[] = [];
    const run = exportAuditLog({ audit: memoryLog(30, [14]), logId: LOG, cursor: 0, sink, batchSize: 10, saveCursor: async (c) => void saved.push(c) });
    await expect(run).rejects.toMatchObject({ code: 'internal' });
    expect(sink.received).toEqual([...Array(10).keys()]);
    expect(saved).toEqual([10]);
  });

  it('stops between batches once aborted', async () => {
    const stop = new AbortController();
    const sink: ExportSink = { deliver: async () => stop.abort() };
    expect(await exportAuditLog({ audit: memoryLog(30), logId: LOG, cursor: 0, sink, batchSize: 10, saveCursor: async () => {}, signal: stop.signal })).toBe(10);
  });

  it('across failures and restarts delivers every entry at least once, in order, resending at most the failed batch', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.tuple(fc.nat(20), fc.constantFrom<'before' | 'after'>('before', 'after')), { maxLength: 6 }),
        async (size, batchSize, failureList) => {
          const sink = new RecordingSink(new Map(failureList));
          let saved = 0;
          let crashes = 0;
          for (;;) {
            try {
              await exportAuditLog({ audit: memoryLog(size), logId: LOG, cursor: saved, sink, batchSize, saveCursor: async (c) => void (saved = c) });
              break;
            } catch {
              crashes += 1; // restart from the saved cursor, as the CLI does
            }
          }
          expect(saved).toBe(size);
          // Order: the stream only ever steps forward by one, or back to the start of the batch that failed.
          sink.received.forEach((index, i) => {
            const previous = i === 0 ? -1 : sink.received[i - 1]!;
            expect(index === previous + 1 || (index <= previous && index % batchSize === 0)).toBe(true);
          });
          expect(new Set(sink.received)).toEqual(new Set(Array.from({ length: size }, (_, i) => i)));
          expect(sink.received.length - size).toBeLessThanOrEqual(crashes * batchSize);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('the cursor file', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sealdesk-cursor-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('starts at 0, then holds the last cursor written, atomically (no temporary file left behind)', async () => {
    const path = join(directory, 'acme.cursor');
    expect(await readCursorFile(path, LOG)).toBe(0);
    await writeCursorFile(path, LOG, 500);
    await writeCursorFile(path, LOG, 1000);
    expect(await readCursorFile(path, LOG)).toBe(1000);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ format: 'sealdesk-audit-cursor/v1', log: LOG, next: 1000 });
    expect((await readdir(directory)).filter((name) => name.startsWith('acme'))).toEqual(['acme.cursor']);
  });

  it('refuses the cursor of another log, and a file that is not a cursor', async () => {
    const path = join(directory, 'other.cursor');
    await writeCursorFile(path, 'operator', 3);
    await expect(readCursorFile(path, LOG)).rejects.toMatchObject({ code: 'invalid_request' });
    await writeFile(path, '{"next": -1}');
    await expect(readCursorFile(path, LOG)).rejects.toMatchObject({ code: 'invalid_request' });
    await writeFile(path, 'not json');
    await expect(readCursorFile(path, LOG)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
