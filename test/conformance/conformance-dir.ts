import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where third-party conformance vectors live: `SEALDESK_CONFORMANCE_DIR`, else `../shared/conformance`. */
export function conformanceDir(): string {
  return process.env.SEALDESK_CONFORMANCE_DIR ?? path.resolve(projectRoot, '../shared/conformance');
}
