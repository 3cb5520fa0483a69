import type { Kysely } from 'kysely';
import type { Clock } from '../common/index.js';
import { isId } from '../common/index.js';
import type { KeyRing } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { findContact, findLiveApiKey, findTenant, type Database } from '../store/index.js';
import { apiKeySecretMatches, parseApiKey } from './credentials/api-key.js';
import { isContactToken, verifyContactToken } from './credentials/contact-token.js';
import { OPERATOR_ROLES, TENANT_ROLES, type OperatorRole, type Principal, type TenantRole } from './principal.js';

export interface AuthenticationDeps {
  readonly db: Kysely<Database>;
  readonly keyRing: KeyRing;
  readonly clock: Clock;
}

/**
 * Turns an `Authorization: Bearer …` header into a principal: a member's API key or a widget
 * contact token. Every failure is the same `unauthenticated` error, so a caller learns nothing
 * about which part was wrong; an expired contact token says so, to let the widget renew it.
 */
export async function authenticate(deps: AuthenticationDeps, header: string | undefined): Promise<Principal> {
  const token = /^Bearer ([^\s]+)$/.exec(header ?? '')?.[1];
  if (token === undefined) throw new SealdeskError('unauthenticated');
  const principal = isContactToken(token) ? await contactPrincipal(deps, token) : await memberPrincipal(deps, token);
  if (!principal) throw new SealdeskError('unauthenticated');
  return principal;
}

async function memberPrincipal(deps: AuthenticationDeps, token: string): Promise<Principal | undefined> {
  const parsed = parseApiKey(token);
  if (!parsed) return undefined;
  const found = await findLiveApiKey(deps.db, parsed.id);
  if (!found || !apiKeySecretMatches(parsed.secret, found.key.secret_hash)) return undefined;
  const { member } = found;
  if (member.scope === 'operator') {
    return isOperatorRole(member.role) ? { kind: 'operator', id: member.id, role: member.role } : undefined;
  }
  return isTenantRole(member.role) ? { kind: 'member', id: member.id, tenantId: member.scope, role: member.role } : undefined;
}

async function contactPrincipal(deps: AuthenticationDeps, token: string): Promise<Principal | undefined> {
  const tenantId = peekTenant(token);
  if (tenantId === undefined || !(await findTenant(deps.db, tenantId))) return undefined;
  const claims = await verifyContactToken(deps.keyRing, token);
  if (!claims) return undefined;
  if (claims.expiresAt.getTime() <= deps.clock.now().getTime()) throw new SealdeskError('token_expired');
  const contact = await findContact(deps.db, claims.tenantId, claims.contactId);
  return contact ? { kind: 'contact', id: contact.id, tenantId: contact.tenant_id } : undefined;
}

/** The tenant a token claims, read before its MAC is checked so the right key can be chosen. */
function peekTenant(token: string): string | undefined {
  try {
    const claimed: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const tenantId = (claimed as { t?: unknown }).t;
    return typeof tenantId === 'string' && isId('tenant', tenantId) ? tenantId : undefined;
  } catch {
    return undefined;
  }
}

function isOperatorRole(role: string): role is OperatorRole {
  return (OPERATOR_ROLES as readonly string[]).includes(role);
}

function isTenantRole(role: string): role is TenantRole {
  return (TENANT_ROLES as readonly string[]).includes(role);
}
