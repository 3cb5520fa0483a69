import type { Kysely } from 'kysely';
import { recordAccessEvent, type Principal } from '../../access/index.js';
import type { AuditLog } from '../../audit/index.js';
import type { Clock, RequestContext } from '../../common/index.js';
import { SealdeskError } from '../../errors/index.js';
import { listLegalHolds, listRetentionFacts, purgeContact, purgeConversation, purgeKbArticle, type Database } from '../../store/index.js';
import { legalHoldFromRow } from './legal-hold-record.js';
import { loadRetentionPolicy } from './load-retention-policy.js';
import { planPurge, type ConversationPurgeReason, type HeldBack, type PurgePlan } from './plan-purge.js';

export interface RetentionDeps {
  readonly db: Kysely<Database>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Told after a purge deleted knowledge-base articles of a tenant, so caches built from them are dropped. */
  readonly kbChanged?: ((tenantId: string) => void) | undefined;
}

/**
 * What a purge of one tenant deleted — or, in a dry run, would delete — and what it did not:
 * `heldBack` (due, but a legal hold keeps it) and `skipped` (changed between planning and
 * deletion, so left for the next run). Ids, reasons and counts only.
 */
export interface PurgeReport {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly now: string;
  readonly policy: PurgePlan['policy'];
  readonly cutoffs: { readonly conversations: string; readonly contacts: string; readonly kbArticles: string | null };
  readonly conversations: readonly { readonly id: string; readonly contactId: string; readonly reason: ConversationPurgeReason; readonly messages: number }[];
  readonly contacts: readonly { readonly id: string }[];
  readonly kbArticles: readonly { readonly id: string }[];
  readonly messages: number;
  readonly heldBack: readonly HeldBack[];
  readonly skipped: readonly { readonly kind: 'conversation' | 'contact' | 'kb-article'; readonly id: string }[];
}

/** The plan for one tenant now, from its stored policy, data and holds in force. */
export async function planTenantPurge(db: Kysely<Database>, tenantId: string, now: Date): Promise<PurgePlan> {
  const retention = await loadRetentionPolicy(db, tenantId);
  if (!retention) throw new SealdeskError('not_found');
  const [facts, holds] = await Promise.all([listRetentionFacts(db, tenantId), listLegalHolds(db, tenantId, { activeOnly: true })]);
  return planPurge(
    tenantId,
    retention.policy,
    {
      conversations: facts.conversations.map((row) => ({ id: row.id, contactId: row.contact_id, status: row.status, updatedAt: row.updated_at, messageCount: Number(row.message_count) })),
      contacts: facts.contacts.map((row) => ({ id: row.id, createdAt: row.created_at })),
      kbArticles: facts.kbArticles.map((row) => ({ id: row.id, updatedAt: row.updated_at })),
      holds: holds.map(legalHoldFromRow),
    },
    now,
  );
}

/**
 * Plans and (unless `dryRun`) carries out retention for one tenant as `principal` (a member
 * through the API, or the system's retention job). A dry run records `retention.purge-planned`.
 * A real run records `retention.purge-started` with the planned counts before deleting anything,
 * then each deletion once it is committed (`conversation.purged`, `contact.purged`,
 * `kb.article-purged`: ids, reason and counts), then `retention.purged` with the totals. Each
 * deletion re-checks, in its transaction, that its target is unchanged and not held, so a message
 * or a hold arriving meanwhile wins. If the audit log fails the run stops (`audit_unavailable`).
 */
export async function purgeTenant(
  deps: RetentionDeps,
  principal: Principal,
  request: RequestContext,
  tenantId: string,
  options: { readonly dryRun: boolean },
): Promise<PurgeReport> {
  const plan = await planTenantPurge(deps.db, tenantId, deps.clock.now());
  const rule = `retention-policy`;
  const record = (action: Parameters<typeof recordAccessEvent>[3]['action'], target: { conversation?: string; contact?: string; details: Record<string, string | number> }) =>
    recordAccessEvent(deps, principal, request, { action, tenantId, outcome: 'allowed', rule, ...target });
  const planned = reportOf(plan, options.dryRun);
  if (options.dryRun) {
    await record('retention.purge-planned', { details: totals(planned) });
    return planned;
  }
  await record('retention.purge-started', { details: totals(planned) });
  const skipped: PurgeReport['skipped'][number][] = [];
  const conversations: PurgeReport['conversations'][number][] = [];
  for (const conversation of plan.conversations) {
    const messages = await purgeConversation(deps.db, tenantId, conversation);
    if (messages === undefined) {
      skipped.push({ kind: 'conversation', id: conversation.id });
      continue;
    }
    conversations.push({ id: conversation.id, contactId: conversation.contactId, reason: conversation.reason, messages });
    await record('conversation.purged', { conversation: conversation.id, contact: conversation.contactId, details: { reason: conversation.reason, messages } });
  }
  const contacts: { id: string }[] = [];
  for (const contact of plan.contacts) {
    if (!(await purgeContact(deps.db, tenantId, contact.id))) {
      skipped.push({ kind: 'contact', id: contact.id });
      continue;
    }
    contacts.push(contact);
    await record('contact.purged', { contact: contact.id, details: { reason: 'contact-inactive' } });
  }
  const kbArticles: { id: string }[] = [];
  for (const article of plan.kbArticles) {
    if (!(await purgeKbArticle(deps.db, tenantId, article))) {
      skipped.push({ kind: 'kb-article', id: article.id });
      continue;
    }
    kbArticles.push({ id: article.id });
    await record('kb.article-purged', { details: { article: article.id, reason: 'kb-expired' } });
  }
  if (kbArticles.length > 0) deps.kbChanged?.(tenantId);
  const done: PurgeReport = { ...planned, conversations, contacts, kbArticles, messages: sum(conversations.map((c) => c.messages)), skipped };
  await record('retention.purged', { details: totals(done) });
  return done;
}

function reportOf(plan: PurgePlan, dryRun: boolean): PurgeReport {
  const conversations = plan.conversations.map((c) => ({ id: c.id, contactId: c.contactId, reason: c.reason, messages: c.messageCount }));
  return {
    tenantId: plan.tenantId,
    dryRun,
    now: plan.now,
    policy: plan.policy,
    cutoffs: { conversations: plan.conversationsBefore, contacts: plan.contactsInactiveSince, kbArticles: plan.kbArticlesBefore },
    conversations,
    contacts: plan.contacts,
    kbArticles: plan.kbArticles.map((article) => ({ id: article.id })),
    messages: sum(conversations.map((c) => c.messages)),
    heldBack: plan.heldBack,
    skipped: [],
  };
}

/** The counts an audit event carries about a report. */
function totals(report: PurgeReport): Record<string, number> {
  return {
    conversations: report.conversations.length,
    contacts: report.contacts.length,
    kbArticles: report.kbArticles.length,
    messages: report.messages,
    heldBack: report.heldBack.length,
    skipped: report.skipped.length,
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
