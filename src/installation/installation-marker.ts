import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { SealdeskError } from '../errors/index.js';
import { ENVIRONMENTS } from './environment.js';
import { REGION_PATTERN } from '../tenancy/index.js';

/**
 * Where the root key lives: `root.key` in the data directory, or a key object on a PKCS#11 token,
 * named by library, token and label, with the key id that every tenant key is bound to.
 */
const rootKeyRecordSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('file') }),
  z.object({
    provider: z.literal('pkcs11'),
    module: z.string().min(1),
    token: z.union([z.object({ label: z.string().min(1) }), z.object({ slot: z.int().min(0) })]),
    keyLabel: z.string().min(1),
    keyId: z.string().regex(/^pkcs11-[0-9a-f]{2,128}$/),
  }),
]);

export const markerSchema = z.object({
  format: z.literal('sealdesk-installation'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  /** Absent in markers written before PKCS#11 support, whose root key is the key file. */
  rootKey: rootKeyRecordSchema.optional(),
  /** Absent in markers written before environments existed: those are `production` installations. */
  environment: z.enum(ENVIRONMENTS).optional(),
  /** The region whose data this installation holds; absent in markers written before regions: `default`. */
  region: z.string().regex(REGION_PATTERN).optional(),
});

export type InstallationMarker = z.infer<typeof markerSchema>;
export type RootKeyRecord = z.infer<typeof rootKeyRecordSchema>;

/** `installation.json`: says a data directory holds an installation, of which environment and region, on which database, and where its root key is. */
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
