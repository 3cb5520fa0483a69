import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { SealdeskError } from '../../errors/index.js';

const cursorSchema = z
  .object({ format: z.literal('sealdesk-audit-cursor/v1'), log: z.string(), next: z.number().int().min(0) })
  .strict();

/**
 * The next index to export from a cursor file, or 0 if the file does not exist yet. Refuses
 * (`invalid_request`) a file that is not a cursor or that was kept for another log.
 */
export async function readCursorFile(path: string, logId: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  const parsed = cursorSchema.safeParse(parseJson(text));
  if (!parsed.success) throw new SealdeskError('invalid_request', { userMessage: `${path} is not a Sealdesk audit export cursor.` });
  if (parsed.data.log !== logId) {
    throw new SealdeskError('invalid_request', { userMessage: `${path} is the cursor of log ${parsed.data.log}, not ${logId}.` });
  }
  return parsed.data.next;
}

/**
 * Replaces the cursor file atomically: the new cursor goes to a temporary file in the same
 * directory, is fsynced, renamed over the old one, and the directory is fsynced. A crash at any
 * point leaves the old cursor or the new one, never a torn file.
 */
export async function writeCursorFile(path: string, logId: string, next: number): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(`${JSON.stringify({ format: 'sealdesk-audit-cursor/v1', log: logId, next })}\n`, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const directory = await open(dirname(path), 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
