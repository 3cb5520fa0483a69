import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { SealdeskError } from '../errors/index.js';
import { ENVIRONMENTS } from './environment.js';
import { REGION_PATTERN } from '../tenancy/index.js';

const pkcs11TokenSchema = z.union([z.object({ label: z.string().min(1) }), z.object({ slot: z.int().min(0) })]);

/**
 * Where the root key lives: `root.key` in the data directory, or a key object on a PKCS#11 token,
 * named by library, token and label, with the key id that every tenant key is bound to.
 */
const rootKeyRecordSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('file') }),
  z.object({
    provider: z.literal('pkcs11'),
    module: z.string().min(1),
    token: pkcs11TokenSchema,
    keyLabel: z.string().min(1),
    keyId: z.string().regex(/^pkcs11-[0-9a-f]{2,128}$/),
  }),
]);

/** The provider a root key version is on: the data directory's key files, or a PKCS#11 library and token. */
const rootKeyLocationSchema = z.discriminatedUnion('provider', [
  z.object({ provider: z.literal('file') }),
  z.object({ provider: z.literal('pkcs11'), module: z.string().min(1), token: pkcs11TokenSchema }),
]);

/**
 * One version of the root key, as `sealdesk keys rotate-root` records it. The first is the key the
 * installation was made with (`root.key`, or the key labelled as `rootKey` says); each later one is
 * `DATA_DIR/<keyId>.key`, or the key labelled `keyLabel` on a token. A retired version is no
 * longer opened: nothing live is wrapped by it, but backups made before may be.
 */
const rootKeyVersionSchema = z.object({
  keyId: z.string().regex(/^(root-[0-9a-f]{16}|pkcs11-[0-9a-f]{2,128})$/),
  createdAt: z.string(),
  keyLabel: z.string().min(1).optional(),
  /**
   * Where this version is, when its provider is not the first version's (the root key was moved
   * to another provider); absent: where `rootKey` says, as in markers written before such moves.
   */
  location: rootKeyLocationSchema.optional(),
  retiredAt: z.string().optional(),
});

export const markerSchema = z.object({
  format: z.literal('sealdesk-installation'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.enum(['sqlite', 'postgres']),
  /** Absent in markers written before PKCS#11 support, whose root key is the key file. */
  rootKey: rootKeyRecordSchema.optional(),
  /** Absent until the root key is first rotated; then every version, oldest first: the newest not retired wraps new keys. */
  rootKeyVersions: z.array(rootKeyVersionSchema).min(1).optional(),
  /** Absent in markers written before environments existed: those are `production` installations. */
  environment: z.enum(ENVIRONMENTS).optional(),
  /** The region whose data this installation holds; absent in markers written before regions: `default`. */
  region: z.string().regex(REGION_PATTERN).optional(),
});

export type InstallationMarker = z.infer<typeof markerSchema>;
export type RootKeyRecord = z.infer<typeof rootKeyRecordSchema>;
export type RootKeyVersionRecord = z.infer<typeof rootKeyVersionSchema>;
export type RootKeyLocation = z.infer<typeof rootKeyLocationSchema>;
export type RootKeyProviderName = RootKeyLocation['provider'];

/** `installation.json`: says a data directory holds an installation, of which environment and region, on which database, and where its root key is. */
export async function writeMarker(path: string, marker: InstallationMarker): Promise<void> {
  await writeFile(path, `${JSON.stringify(marker, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
}

/** Replaces `installation.json` atomically (a new file, synced, renamed over it), so a reader sees the old marker or the new one. */
export async function replaceMarker(path: string, marker: InstallationMarker): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(marker, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
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
