import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { SealdeskError } from '../errors/index.js';

const markerSchema = z.object({
  format: z.literal('sealdesk-installation'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
});

export type InstallationMarker = z.infer<typeof markerSchema>;

/** `installation.json`: says a data directory holds an installation, and on which database. */
export async function writeMarker(path: string, marker: InstallationMarker): Promise<void> {
  await writeFile(path, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

export async function readMarker(path: string): Promise<InstallationMarker> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SealdeskError('config_invalid', {
      userMessage: `No Sealdesk installation at ${path}; run "sealdesk init" first.`,
    });
  }
  const parsed = markerSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new SealdeskError('config_invalid', { userMessage: `${path} is not a Sealdesk installation marker.` });
  return parsed.data;
}
