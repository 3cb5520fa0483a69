import { z } from 'zod';
import { systemJustification, type KeyRing } from '../../crypto/index.js';

/**
 * Widget contact tokens: `sdc1.<payload>.<mac>`, base64url, MAC'd with the tenant's token key.
 * They name one tenant and one contact and expire after `CONTACT_TOKEN_TTL_SECONDS`.
 */
const PREFIX = 'sdc1';
export const CONTACT_TOKEN_TTL_SECONDS = 30 * 60;
const MAC_PURPOSE = 'widget-contact-token';
/** Tokens are made and checked by authentication itself, before any principal exists. */
const TOKEN_JUSTIFICATION = systemJustification('authentication', MAC_PURPOSE);

const payloadSchema = z.object({ t: z.string(), c: z.string(), exp: z.number().int() }).strict();
export type ContactTokenClaims = { readonly tenantId: string; readonly contactId: string; readonly expiresAt: Date };

export async function signContactToken(keyRing: KeyRing, claims: ContactTokenClaims): Promise<string> {
  const payload = Buffer.from(
    JSON.stringify({ t: claims.tenantId, c: claims.contactId, exp: Math.floor(claims.expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  const mac = await keyRing.mac(claims.tenantId, MAC_PURPOSE, `${PREFIX}.${payload}`, TOKEN_JUSTIFICATION);
  return `${PREFIX}.${payload}.${mac.toString('base64url')}`;
}

export function isContactToken(token: string): boolean {
  return token.startsWith(`${PREFIX}.`);
}

/**
 * Verifies a contact token's MAC and returns its claims; `undefined` when it is forged or
 * malformed. Expiry is left to the caller, who holds the clock.
 */
export async function verifyContactToken(keyRing: KeyRing, token: string): Promise<ContactTokenClaims | undefined> {
  const [prefix, payload, mac, extra] = token.split('.');
  if (prefix !== PREFIX || payload === undefined || mac === undefined || extra !== undefined) return undefined;
  let parsed: z.infer<typeof payloadSchema>;
  try {
    parsed = payloadSchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return undefined;
  }
  const valid = await keyRing.verifyMac(parsed.t, MAC_PURPOSE, `${PREFIX}.${payload}`, Buffer.from(mac, 'base64url'), TOKEN_JUSTIFICATION);
  return valid ? { tenantId: parsed.t, contactId: parsed.c, expiresAt: new Date(parsed.exp * 1000) } : undefined;
}
