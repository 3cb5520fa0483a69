import { enforce, type GateDecision, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant } from '../store/index.js';
import type { KeyDeps } from './key-deps.js';

/** A replacement of the tenant key let through: the version it will make, its rotation's id, and the gate's decision. */
export interface AdmittedKeyReplacement {
  readonly planned: number;
  readonly rotation: string;
  readonly decision: GateDecision;
}

/**
 * The gate of a tenant key replacement (BYOK import, customer-managed key): the tenant must
 * exist, the principal hold `key.import` (owner or security officer) — recorded as `action` with
 * the ticket, the version it will be and the rotation, before anything else — and the tenant's
 * key must be enabled (`key_unavailable` otherwise, saying so for `doing`).
 */
export async function admitKeyReplacement(
  deps: KeyDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  audit: { readonly action: 'key.imported' | 'key.customer-key-adopted'; readonly ticket: string; readonly details: Readonly<Record<string, string | number>> },
  doing: string,
): Promise<AdmittedKeyReplacement> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'destroyed') throw new SealdeskError('key_destroyed');
  const planned = (await deps.keyRing.versions(tenantId)).tenant + 1;
  const rotation = newId('keyRotation');
  const decision = await enforce(deps, {
    principal,
    action: 'key.import',
    resource: { tenantId },
    request,
    audit: { action: audit.action, ticket: audit.ticket, details: { version: planned, rotation, ...audit.details } },
  });
  if ((await deps.keyRing.tenantKeyState(tenantId))?.state === 'disabled') {
    throw new SealdeskError('key_unavailable', { userMessage: `This tenant's key is disabled; enable it before ${doing}.` });
  }
  return { planned, rotation, decision };
}
