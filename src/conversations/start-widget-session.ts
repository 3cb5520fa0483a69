import { CONTACT_TOKEN_TTL_SECONDS, enforce, signContactToken, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { systemJustification } from '../crypto/index.js';
import { SealdeskError } from '../errors/index.js';
import { findTenant, insertContact } from '../store/index.js';
import { sealContact, type ContactDetails } from './contacts.js';
import type { VaultDeps } from './vault-deps.js';

export interface WidgetSession {
  readonly token: string;
  readonly contactId: string;
  readonly expiresAt: string;
}

/**
 * Starts an end customer's widget session: a new contact (an e-mail given here never links to an
 * existing contact, or anyone could read another customer's conversations by typing their
 * address), or, with `resume`, the caller's current contact, and a short-lived token for it.
 */
export async function startWidgetSession(
  deps: VaultDeps,
  context: RequestContext,
  tenantId: string,
  input: { readonly contact?: ContactDetails | undefined; readonly resume?: Principal | undefined },
): Promise<WidgetSession> {
  if (!(await findTenant(deps.db, tenantId))) throw new SealdeskError('not_found');
  const now = deps.clock.now();
  let contactId: string;
  if (input.resume) {
    if (input.resume.kind !== 'contact' || input.resume.tenantId !== tenantId) throw new SealdeskError('access_denied');
    contactId = input.resume.id;
  } else {
    const sealed = await sealContact(deps.keyRing, tenantId, input.contact ?? {}, systemJustification('widget', 'contact-create', context));
    await insertContact(deps.db, {
      id: sealed.id,
      tenant_id: tenantId,
      email_index: sealed.emailIndex,
      email_enc: sealed.emailEnc,
      name_enc: sealed.nameEnc,
      created_at: now.toISOString(),
    });
    contactId = sealed.id;
  }
  const principal: Principal = { kind: 'contact', id: contactId, tenantId };
  await enforce(deps, {
    principal,
    action: 'widget.session',
    resource: { tenantId },
    request: context,
    audit: { action: 'widget.session-started', contact: contactId },
  });
  const expiresAt = new Date(now.getTime() + CONTACT_TOKEN_TTL_SECONDS * 1000);
  const token = await signContactToken(deps.keyRing, { tenantId, contactId, expiresAt });
  return { token, contactId, expiresAt: expiresAt.toISOString() };
}
