import { z } from 'zod';
import type { AccessGrantRow } from '../store/index.js';

/**
 * What a `key-provider-change` request is approved for: a BYOK import, or adopting one named key
 * on a tenant's PKCS#11 token. Approvers see it in the request's audit entry; the change made
 * with the approval must be this one.
 */
export type KeyProviderChange =
  | { readonly kind: 'import' }
  | { readonly kind: 'customer-managed'; readonly module: string; readonly tokenLabel: string; readonly keyLabel: string };

const changeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('import') }),
  z.strictObject({ kind: z.literal('customer-managed'), module: z.string(), tokenLabel: z.string(), keyLabel: z.string() }),
]);

/** The change as a request stores it. */
export function keyProviderChangePayload(change: KeyProviderChange): string {
  return JSON.stringify(change);
}

/** Whether `row` is a `key-provider-change` request approved for exactly `change`. */
export function approvesChange(row: AccessGrantRow, change: KeyProviderChange): boolean {
  if (row.kind !== 'key-provider-change' || row.payload === null) return false;
  const approved = changeSchema.safeParse(parseJson(row.payload));
  if (!approved.success) return false;
  const a = approved.data;
  if (a.kind === 'import' || change.kind === 'import') return a.kind === change.kind;
  return a.module === change.module && a.tokenLabel === change.tokenLabel && a.keyLabel === change.keyLabel;
}

/** Stored text as JSON, or undefined when it is not (the request then approves nothing). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The change as audit details carry it (labels and the library path; never a PIN). */
export function changeDetails(change: KeyProviderChange): Record<string, string> {
  return change.kind === 'import' ? { change: 'import' } : { change: 'customer-managed', module: change.module, tokenLabel: change.tokenLabel, keyLabel: change.keyLabel };
}
