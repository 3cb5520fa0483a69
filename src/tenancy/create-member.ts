import type { Kysely } from 'kysely';
import { enforce, issueApiKey, type Principal } from '../access/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import {
  countActiveOwners,
  findActiveMemberByEmail,
  findTenant,
  insertApiKey,
  insertMember,
  type Database,
} from '../store/index.js';
import type { TenancyDeps } from './tenancy-deps.js';

export interface NewMember {
  readonly email: string;
  readonly name: string;
  readonly role: string;
}

export interface CreatedMember {
  readonly id: string;
  /** Shown once; only its hash is kept. */
  readonly apiKey: string;
}

/**
 * Adds a member to a tenant with an API key. The operator owner may create only a tenant's first
 * owner; the tenant's owner any role; an admin any role but owner.
 */
export async function createMember(
  deps: TenancyDeps,
  principal: Principal,
  context: RequestContext,
  tenantId: string,
  input: NewMember,
): Promise<CreatedMember> {
  const id = newId('member');
  const tenant = await findTenant(deps.db, tenantId);
  if (!tenant) throw new SealdeskError('not_found');
  const tenantHasOwner = (await countActiveOwners(deps.db, tenantId)) > 0;
  await enforce(deps, {
    principal,
    action: 'member.create',
    resource: { tenantId, newMember: { role: input.role, tenantHasOwner } },
    request: context,
    audit: { action: 'member.created', member: id },
  });
  return insertMemberWithKey(deps.db, deps.clock.now(), tenantId, id, input);
}

/** Inserts a member of `scope` and a fresh API key for them, refusing a duplicate e-mail. */
export async function insertMemberWithKey(
  db: Kysely<Database>,
  now: Date,
  scope: string,
  id: string,
  input: NewMember,
): Promise<CreatedMember> {
  const key = issueApiKey();
  const createdAt = now.toISOString();
  await db.transaction().execute(async (trx) => {
    if (await findActiveMemberByEmail(trx, scope, input.email)) {
      throw new SealdeskError('conflict', { userMessage: 'A member with this e-mail already exists.' });
    }
    await insertMember(trx, { id, scope, email: input.email, name: input.name, role: input.role, created_at: createdAt, removed_at: null });
    await insertApiKey(trx, { id: key.id, member_id: id, secret_hash: key.secretHash, created_at: createdAt, revoked_at: null });
  });
  return { id, apiKey: key.token };
}
