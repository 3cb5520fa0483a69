import { describe, expect, it } from 'vitest';
import type { AccessContext } from './access-context.js';
import { authorize, type Action, type Resource } from './authorize.js';
import type { Grant } from './grants/grant.js';
import { newGrant } from './grants/new-grant.js';
import { DEFAULT_ACCESS_POLICY } from './policy/access-policy.js';
import type { Principal } from './principal.js';

const ACME = 'ten_acme';
const GLOBEX = 'ten_globex';
const NOW = new Date('2026-03-01T12:00:00.000Z');

/** The cast: one of each kind of principal. */
const cast = {
  operatorOwner: { kind: 'operator', id: 'mem_op_owner', role: 'owner' },
  engineer: { kind: 'operator', id: 'mem_eng', role: 'engineer' },
  dataScientist: { kind: 'operator', id: 'mem_ds', role: 'data-scientist' },
  owner: { kind: 'member', id: 'mem_owner', tenantId: ACME, role: 'owner' },
  admin: { kind: 'member', id: 'mem_admin', tenantId: ACME, role: 'admin' },
  manager: { kind: 'member', id: 'mem_manager', tenantId: ACME, role: 'manager' },
  agent: { kind: 'member', id: 'mem_agent', tenantId: ACME, role: 'agent' },
  security: { kind: 'member', id: 'mem_security', tenantId: ACME, role: 'security' },
  auditor: { kind: 'member', id: 'mem_auditor', tenantId: ACME, role: 'auditor' },
  globexAdmin: { kind: 'member', id: 'mem_globex', tenantId: GLOBEX, role: 'admin' },
  contact: { kind: 'contact', id: 'ctc_jane', tenantId: ACME },
  system: { kind: 'system', id: 'system', job: 'test' },
} satisfies Record<string, Principal>;

const conversation = (assigneeId: string | null, teamId: string | null = null, contactId = 'ctc_jane', status = 'waiting_for_human') => ({
  id: 'cnv_1',
  contactId,
  assigneeId,
  teamId,
  status,
});
const assignedToAgent: Resource = { tenantId: ACME, conversation: conversation('mem_agent') };
const unassigned: Resource = { tenantId: ACME, conversation: conversation(null, null, 'ctc_bob') };
const inSupportQueue: Resource = { tenantId: ACME, conversation: conversation('mem_other', 'tem_support', 'ctc_bob') };

const grantFor = (holder: Principal & { kind: 'member' | 'operator' }, view: 'redacted' | 'full', tenantId = ACME): Grant =>
  newGrant(
    {
      id: `acr_${holder.id}_${view}`,
      tenantId,
      kind: 'access',
      holder: { id: holder.id, kind: holder.kind, role: holder.role },
      scope: { kind: 'conversations', conversationIds: ['cnv_1'] },
      view,
      ticket: 'INC-7',
      breakGlass: false,
      durationMinutes: 60,
      rule: 'test',
      requiredApprovals: [],
    },
    'approved',
    NOW,
    60,
  );

const context = (extra: Partial<AccessContext> = {}): AccessContext => ({ now: NOW, policy: DEFAULT_ACCESS_POLICY, grants: [], teamIds: [], ...extra });
const forbidOperators = context({ policy: { ...DEFAULT_ACCESS_POLICY, operatorAccess: 'forbidden' } });

const scenarios: [string, keyof typeof cast, Action, Resource, AccessContext, string | false][] = [
  ['operator owner creates tenants', 'operatorOwner', 'tenant.create', {}, context(), 'role-permits'],
  ['an engineer cannot create tenants', 'engineer', 'tenant.create', {}, context(), false],
  ['operator owner creates a first owner', 'operatorOwner', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: false } }, context(), 'operator-creates-first-owner'],
  ['operator owner cannot create a second owner', 'operatorOwner', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: true } }, context(), false],
  ['an admin cannot create owners', 'admin', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: true } }, context(), false],
  ['an admin cannot demote an owner', 'admin', 'member.manage', { tenantId: ACME, member: { role: 'owner', newRole: 'agent' } }, context(), false],
  ['operator staff see the masked view', 'engineer', 'conversation.read', assignedToAgent, context(), 'metadata-only'],
  ['operator staff cannot write into a tenant', 'engineer', 'conversation.create', { tenantId: ACME }, context(), false],
  ['an owner reads any conversation in full', 'owner', 'conversation.read', unassigned, context(), 'tenant-wide-content'],
  ['an assigned agent reads in full', 'agent', 'conversation.read', assignedToAgent, context(), 'assigned'],
  ['an agent reads their team queue in full', 'agent', 'conversation.read', inSupportQueue, context({ teamIds: ['tem_support'] }), 'team-queue'],
  ['an agent sees the rest masked', 'agent', 'conversation.read', inSupportQueue, context(), 'not-in-queue'],
  ['an agent writes into their team queue', 'agent', 'message.create', inSupportQueue, context({ teamIds: ['tem_support'] }), 'team-queue'],
  ['an agent does not write elsewhere', 'agent', 'message.create', unassigned, context(), false],
  ['a grant raises an agent to its view', 'agent', 'conversation.read', unassigned, context({ grants: [grantFor(cast.agent, 'redacted')] }), 'grant'],
  ['a grant never allows writing', 'agent', 'message.create', unassigned, context({ grants: [grantFor(cast.agent, 'full')] }), false],
  ['someone else\'s grant opens nothing', 'agent', 'conversation.read', unassigned, context({ grants: [grantFor(cast.manager, 'full')] }), 'not-in-queue'],
  ['a grant on another tenant opens nothing', 'engineer', 'conversation.read', unassigned, context({ grants: [grantFor(cast.engineer, 'full', GLOBEX)] }), 'metadata-only'],
  ['an engineer reads with the tenant\'s grant', 'engineer', 'conversation.read', unassigned, context({ grants: [grantFor(cast.engineer, 'full')] }), 'grant'],
  ['forbidding operator access stops live operator grants', 'engineer', 'conversation.read', unassigned, { ...forbidOperators, grants: [grantFor(cast.engineer, 'full')] }, 'metadata-only'],
  ['forbidding operator access stops requests', 'engineer', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'tenant', durationMinutes: 60, conversations: [] } }, forbidOperators, false],
  ['forbidding operator access stops break-glass', 'engineer', 'access-request.break-glass', { tenantId: ACME, request: { view: 'full', scope: 'tenant', durationMinutes: 30, conversations: [] } }, forbidOperators, false],
  ['a data scientist may ask for the redacted view', 'dataScientist', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'tenant', durationMinutes: 60, conversations: [] } }, context(), 'operator-lockbox'],
  ['a data scientist may not ask for the full view', 'dataScientist', 'access-request.create', { tenantId: ACME, request: { view: 'full', scope: 'tenant', durationMinutes: 60, conversations: [] } }, context(), false],
  ['an agent asks redacted in their queue: auto-approved rule', 'agent', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'conversations', durationMinutes: 30, conversations: [conversation(null)] } }, context(), 'agent-redacted-in-queue'],
  ['an agent asks redacted outside their queue: approval rule', 'agent', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'conversations', durationMinutes: 30, conversations: [conversation('mem_other')] } }, context(), 'member-conversations'],
  ['an agent asks for longer than the policy allows', 'agent', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'conversations', durationMinutes: 481, conversations: [] } }, context(), false],
  ['break-glass longer than its limit is refused', 'agent', 'access-request.break-glass', { tenantId: ACME, request: { view: 'full', scope: 'tenant', durationMinutes: 61, conversations: [] } }, context(), false],
  ['a manager does not read', 'manager', 'conversation.read', assignedToAgent, context(), 'metadata-only'],
  ['a manager may not ask for access', 'manager', 'access-request.create', { tenantId: ACME, request: { view: 'redacted', scope: 'tenant', durationMinutes: 60, conversations: [] } }, context(), false],
  ['an auditor sees not even metadata', 'auditor', 'conversation.read', assignedToAgent, context(), false],
  ['an auditor lists access requests', 'auditor', 'access-request.list', { tenantId: ACME }, context(), 'role-permits'],
  ['another tenant\'s admin reads nothing', 'globexAdmin', 'conversation.read', unassigned, context(), false],
  ['a contact reads their own conversation', 'contact', 'conversation.read', assignedToAgent, context(), 'contact-own-conversation'],
  ['a contact does not read another contact\'s', 'contact', 'conversation.read', unassigned, context(), false],
  ['a contact cannot act in another tenant', 'contact', 'conversation.create', { tenantId: GLOBEX }, context(), false],
  ['the system has no standing access yet', 'system', 'conversation.read', assignedToAgent, context(), false],
];

describe('authorize', () => {
  it.each(scenarios)('%s', (_name, who, action, resource, accessContext, rule) => {
    const decision = authorize(cast[who], action, resource, accessContext);
    expect(decision.allow).toBe(rule !== false);
    if (rule !== false) expect(decision.rule).toBe(rule);
    expect(decision.rule).toMatch(/^[a-z-]+$/);
  });

  it('answers another tenant\'s resources as not found', () => {
    expect(authorize(cast.globexAdmin, 'conversation.read', unassigned, context())).toMatchObject({ allow: false, rule: 'other-tenant', code: 'not_found' });
  });

  it('names the grant and its ticket when a grant decides, and caps a data scientist at redacted', () => {
    const grant = grantFor(cast.dataScientist, 'full');
    const decision = authorize(cast.dataScientist, 'conversation.read', unassigned, context({ grants: [grant] }));
    expect(decision).toMatchObject({ allow: true, view: 'redacted', grant: { id: grant.id, ticket: 'INC-7' } });
  });

  it('decides expiry at the time it is given, not by any stored status', () => {
    const grant = grantFor(cast.agent, 'full');
    const at = (minutes: number) => context({ now: new Date(NOW.getTime() + minutes * 60_000), grants: [grant] });
    expect(authorize(cast.agent, 'conversation.read', unassigned, at(59)).view).toBe('full');
    expect(authorize(cast.agent, 'conversation.read', unassigned, at(60)).view).toBe('masked');
  });

  it('says which error a denial answers with', () => {
    expect(authorize(cast.engineer, 'access-request.create', { tenantId: ACME, request: { view: 'full', scope: 'tenant', durationMinutes: 60, conversations: [] } }, forbidOperators).code).toBe(
      'operator_access_forbidden',
    );
    expect(authorize(cast.manager, 'message.create', assignedToAgent, context()).code).toBe('content_access_denied');
    expect(authorize(cast.auditor, 'message.create', assignedToAgent, context()).code).toBe('access_denied');
  });
});
