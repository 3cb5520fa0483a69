import { enforce, loadGrant, type Principal } from '../access/index.js';
import type { RequestContext } from '../common/index.js';
import { SealdeskError } from '../errors/index.js';
import { sealArchive, type ArchiveEnvelope, type ArchiveProtection } from '../crypto/index.js';
import { listAllConversations } from '../store/index.js';
import { toMetadata } from './conversation-views.js';
import { openConversationContent } from './open-conversation-content.js';
import type { VaultDeps } from './vault-deps.js';

const CONTENT_FIELDS = ['messages.body', 'contact.email', 'contact.name'] as const;

export interface ConversationExport {
  readonly id: string;
  readonly conversationCount: number;
  /** The encrypted archive; its plaintext is `{format, tenantId, exportId, createdAt, conversations}` as JSON. */
  readonly archive: ArchiveEnvelope;
  /** The archive's key (base64url) when no passphrase was given: shown once, stored nowhere. */
  readonly key?: string;
}

/**
 * Runs an approved bulk export: through the gate as its requester (who must hold the export
 * grant, approved under dual control and not yet used — it opens one export), records
 * `conversations.exported`, then decrypts every conversation of the tenant and re-encrypts them
 * all into one archive, to the passphrase or to a fresh key returned once.
 */
export async function exportConversations(
  deps: VaultDeps,
  principal: Principal,
  request: RequestContext,
  grantId: string,
  protection: ArchiveProtection,
): Promise<ConversationExport> {
  const { grant } = await loadGrant(deps, grantId);
  const tenantId = grant.tenantId;
  const { justification, firstUse } = await enforce(deps, {
    principal,
    action: 'export.run',
    resource: { tenantId, grant },
    request,
    audit: { action: 'conversations.exported', fields: CONTENT_FIELDS },
  });
  if (!firstUse) throw new SealdeskError('grant_state_conflict', { detail: `export ${grant.id} is being run by another call` });
  const conversations = [];
  for (const row of await listAllConversations(deps.db, tenantId)) conversations.push({ ...toMetadata(row), ...(await openConversationContent(deps, row, justification)) });
  const createdAt = deps.clock.now().toISOString();
  const plaintext = Buffer.from(JSON.stringify({ format: 'sealdesk-export', version: 1, tenantId, exportId: grant.id, createdAt, conversations }), 'utf8');
  try {
    const sealed = await sealArchive(plaintext, [tenantId, grant.id, createdAt], protection);
    return { id: grant.id, conversationCount: conversations.length, archive: sealed.envelope, ...(sealed.key !== undefined && { key: sealed.key }) };
  } finally {
    plaintext.fill(0);
  }
}
