import { request } from 'node:https';
import { SealdeskError } from '../../errors/index.js';
import type { LogBundle } from './log-bundle.js';
import { checkpointSize } from './verify-bundle.js';

export interface FetchOptions {
  /** The log's base URL, e.g. `https://host:8443/v1/tenants/ten_…/audit`. HTTPS only. */
  readonly url: string;
  readonly token: string;
  /** Extra CA certificates to trust (a self-signed server); verification is never turned off. */
  readonly ca?: Buffer | undefined;
  /** Size of the checkpoint the customer kept, to prove consistency from. */
  readonly fromSize?: number | undefined;
  readonly entries?: readonly number[] | undefined;
  readonly full?: boolean | undefined;
}

const PAGE = 1000;

/** Fetches a bundle for the current checkpoint. The server is not trusted: the result is verified afterwards. */
export async function fetchLogBundle(options: FetchOptions): Promise<LogBundle> {
  const base = new URL(options.url.replace(/\/$/, ''));
  if (base.protocol !== 'https:') throw new SealdeskError('invalid_request', { userMessage: 'The audit log URL must be https://.' });
  const get = (path: string) => httpsGet(new URL(`${base.pathname}${path}`, base), options);
  const checkpoint = await get('/checkpoint');
  const size = checkpointSize(checkpoint);
  const bundle: LogBundle = { format: 'sealdesk-audit-bundle/v1', checkpoint };
  if (options.fromSize !== undefined && options.fromSize > 0 && options.fromSize < size) {
    const consistency = JSON.parse(await get(`/proof/consistency?from=${options.fromSize}&to=${size}`)) as LogBundle['consistency'];
    bundle.consistency = consistency;
  }
  if (options.entries && options.entries.length > 0) {
    bundle.entries = [];
    for (const index of options.entries) {
      const page = JSON.parse(await get(`/entries?start=${index}&end=${index + 1}`)) as { entries: { leafBytes: string | null }[] };
      const leafBytes = page.entries[0]?.leafBytes;
      if (!leafBytes) throw new SealdeskError('not_found', { userMessage: `Entry ${index} is missing or pruned.` });
      const proof = JSON.parse(await get(`/proof/inclusion?index=${index}&size=${size}`)) as { proof: string[] };
      bundle.entries.push({ index, leafBytes, inclusionProof: proof.proof });
    }
  }
  if (options.full) {
    bundle.fullLog = [];
    for (let start = 0; start < size; start += PAGE) {
      const page = JSON.parse(await get(`/entries?start=${start}&end=${Math.min(start + PAGE, size)}`)) as {
        entries: { leafBytes: string | null; leafHash: string }[];
      };
      for (const entry of page.entries) bundle.fullLog.push(entry.leafBytes === null ? { leafHash: entry.leafHash } : { leafBytes: entry.leafBytes });
    }
  }
  return bundle;
}

function httpsGet(url: URL, options: FetchOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${options.token}` }, ca: options.ca, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode === 200) return resolve(text);
        let code = 'unknown';
        try {
          code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? code;
        } catch {
          // Not our JSON error shape; report the status alone.
        }
        reject(new SealdeskError('invalid_request', { userMessage: `The server answered ${res.statusCode} (${code}) for ${url.pathname}.` }));
      });
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => reject(new SealdeskError('invalid_request', { userMessage: `Cannot reach ${url.host}: ${error.message}.` })));
    req.end();
  });
}
