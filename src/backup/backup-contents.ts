import { z } from 'zod';
import { markerSchema } from '../installation/index.js';
import { SealdeskError } from '../errors/index.js';

/**
 * What a backup's header says, in the clear, about what it holds: the source database's dialect
 * and applied migrations, and the installation marker (`installation.json`: creation time, and
 * where the root key lives — never the key or a PIN).
 */
export const backupContentsSchema = z.strictObject({
  database: z.enum(['sqlite', 'postgres']),
  migrations: z.array(z.string().min(1)).min(1),
  installation: markerSchema,
});
export type BackupContents = z.infer<typeof backupContentsSchema>;

export function parseBackupContents(contents: unknown): BackupContents {
  const parsed = backupContentsSchema.safeParse(contents);
  if (!parsed.success) throw new SealdeskError('backup_invalid', { userMessage: 'The backup does not verify: its header does not describe a Sealdesk installation.' });
  return parsed.data;
}
