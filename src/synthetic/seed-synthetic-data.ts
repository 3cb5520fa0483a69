import type { Principal } from '../access/index.js';
import { createKbArticle, openConversation, postMessage, type ConversationFlowDeps, type KbDeps } from '../assistant/index.js';
import { newId, type RequestContext } from '../common/index.js';
import { claimConversation, locateConversation, resolveConversation, startWidgetSession, type ConversationStatus } from '../conversations/index.js';
import { createMember, createSyntheticTenant, type TenancyDeps } from '../tenancy/index.js';
import { generateSyntheticWorld, type SyntheticConversation, type WorldOptions } from './synthetic-world.js';

export type SeedDeps = ConversationFlowDeps & KbDeps & TenancyDeps;

/** What the seed made, with each member's API key (shown once, like any new member's). */
export interface SeedReport {
  readonly tenants: readonly {
    readonly id: string;
    readonly name: string;
    readonly members: readonly { readonly id: string; readonly email: string; readonly role: string; readonly apiKey: string }[];
    readonly articles: number;
    /** How many conversations ended up in each status (those with none are left out). */
    readonly conversations: Partial<Record<ConversationStatus, number>>;
  }[];
}

/**
 * Fills a development installation with fake support desks (`generateSyntheticWorld`). The
 * tenant and its owner are the only rows written as the seed itself; everything else goes
 * through the same gates as the API, as the fake owner, agents and customers, so it is sealed,
 * indexed and audited exactly like real traffic, and the assistant answers the widget
 * conversations from the fake knowledge base. Refuses a production installation.
 */
export async function seedSyntheticData(deps: SeedDeps, environment: string, options: WorldOptions): Promise<SeedReport> {
  const context: RequestContext = { requestId: newId('request'), channel: 'cli' };
  const world = generateSyntheticWorld(options);
  const tenants: SeedReport['tenants'][number][] = [];
  for (const tenant of world.tenants) {
    const [ownerDetails, ...staff] = tenant.members;
    if (!ownerDetails) continue;
    const { id: tenantId, owner } = await createSyntheticTenant(deps, context, environment, { name: tenant.name, owner: ownerDetails });
    const ownerPrincipal: Principal = { kind: 'member', id: owner.id, tenantId, role: 'owner' };
    const members = [{ id: owner.id, email: ownerDetails.email, role: 'owner', apiKey: owner.apiKey }];
    for (const member of staff) {
      const created = await createMember(deps, ownerPrincipal, context, tenantId, member);
      members.push({ id: created.id, email: member.email, role: member.role, apiKey: created.apiKey });
    }
    for (const article of tenant.articles) {
      await createKbArticle(deps, ownerPrincipal, context, tenantId, { ...article, format: 'markdown' });
    }
    const agents: Principal[] = members.filter((member) => member.role === 'agent').map((member) => ({ kind: 'member', id: member.id, tenantId, role: 'agent' }));
    const counts: Partial<Record<ConversationStatus, number>> = {};
    for (const [index, conversation] of tenant.conversations.entries()) {
      const agent = agents[index % agents.length] ?? ownerPrincipal;
      const status = await seedConversation(deps, context, tenantId, agent, conversation);
      counts[status] = (counts[status] ?? 0) + 1;
    }
    tenants.push({ id: tenantId, name: tenant.name, members, articles: tenant.articles.length, conversations: counts });
  }
  return { tenants };
}

/** Plays one conversation through the flow; returns where it ends up. */
async function seedConversation(deps: SeedDeps, context: RequestContext, tenantId: string, agent: Principal, conversation: SyntheticConversation): Promise<ConversationStatus> {
  if (conversation.channel === 'widget') {
    const session = await startWidgetSession(deps, context, tenantId, { contact: conversation.contact });
    const customer: Principal = { kind: 'contact', id: session.contactId, tenantId };
    const opened = await openConversation(deps, customer, context, tenantId, { message: { body: conversation.opening } });
    return opened.status;
  }
  const opened = await openConversation(deps, agent, context, tenantId, { contact: conversation.contact, message: { body: conversation.opening } });
  await claimConversation(deps, agent, context, opened.id);
  const customer: Principal = { kind: 'contact', id: (await locateConversation(deps, opened.id)).contact_id, tenantId };
  let status = opened.status;
  for (const turn of conversation.followUps) status = (await postMessage(deps, turn.from === 'customer' ? customer : agent, context, opened.id, { body: turn.body })).status;
  if (conversation.resolve && status !== 'resolved') status = (await resolveConversation(deps, agent, context, opened.id)).status;
  return status;
}
