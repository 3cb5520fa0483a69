import { describe, expect, it } from 'vitest';
import { authorize, type Action, type Resource } from './authorize.js';
import type { Principal } from './principal.js';

const ACME = 'ten_acme';
const GLOBEX = 'ten_globex';

/** The cast: one of each kind of principal. */
const cast = {
  operatorOwner: { kind: 'operator', id: 'mem_op_owner', role: 'owner' },
  engineer: { kind: 'operator', id: 'mem_eng', role: 'engineer' },
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

const assignedToAgent: Resource = { tenantId: ACME, conversation: { contactId: 'ctc_jane', assigneeId: 'mem_agent' } };
const unassigned: Resource = { tenantId: ACME, conversation: { contactId: 'ctc_bob', assigneeId: null } };

const scenarios: [string, keyof typeof cast, Action, Resource, boolean][] = [
  ['operator owner creates tenants', 'operatorOwner', 'tenant.create', {}, true],
  ['an engineer cannot create tenants', 'engineer', 'tenant.create', {}, false],
  ['operator owner creates a first owner', 'operatorOwner', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: false } }, true],
  ['operator owner cannot create a second owner', 'operatorOwner', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: true } }, false],
  ['operator owner cannot create agents', 'operatorOwner', 'member.create', { tenantId: ACME, newMember: { role: 'agent', tenantHasOwner: true } }, false],
  ['a tenant owner creates owners', 'owner', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: true } }, true],
  ['an admin cannot create owners', 'admin', 'member.create', { tenantId: ACME, newMember: { role: 'owner', tenantHasOwner: true } }, false],
  ['an admin creates agents', 'admin', 'member.create', { tenantId: ACME, newMember: { role: 'agent', tenantHasOwner: true } }, true],
  ['a manager cannot create members', 'manager', 'member.create', { tenantId: ACME, newMember: { role: 'agent', tenantHasOwner: true } }, false],
  ['operator staff never read content', 'operatorOwner', 'conversation.read', assignedToAgent, false],
  ['an engineer never reads content', 'engineer', 'conversation.read', assignedToAgent, false],
  ['operator staff cannot write into a tenant', 'engineer', 'conversation.create', { tenantId: ACME }, false],
  ['operator staff see metadata', 'engineer', 'conversation.inspect', assignedToAgent, true],
  ['an owner reads any conversation of the tenant', 'owner', 'conversation.read', unassigned, true],
  ['an admin reads any conversation of the tenant', 'admin', 'conversation.read', unassigned, true],
  ['an assigned agent reads', 'agent', 'conversation.read', assignedToAgent, true],
  ['an unassigned agent does not read', 'agent', 'conversation.read', unassigned, false],
  ['an unassigned agent does not write', 'agent', 'message.create', unassigned, false],
  ['a manager approves, does not read', 'manager', 'conversation.read', assignedToAgent, false],
  ['a security officer does not read', 'security', 'conversation.read', assignedToAgent, false],
  ['an auditor does not read', 'auditor', 'conversation.read', assignedToAgent, false],
  ['an auditor does not list conversations', 'auditor', 'conversation.list', { tenantId: ACME }, false],
  ['a manager assigns', 'manager', 'conversation.assign', unassigned, true],
  ['an agent does not assign', 'agent', 'conversation.assign', unassigned, false],
  ['another tenant\'s admin reads nothing', 'globexAdmin', 'conversation.read', unassigned, false],
  ['another tenant\'s admin lists nothing', 'globexAdmin', 'conversation.list', { tenantId: ACME }, false],
  ['a contact reads their own conversation', 'contact', 'conversation.read', assignedToAgent, true],
  ['a contact does not read another contact\'s', 'contact', 'conversation.read', unassigned, false],
  ['a contact cannot act in another tenant', 'contact', 'conversation.create', { tenantId: GLOBEX }, false],
  ['a contact cannot assign', 'contact', 'conversation.assign', assignedToAgent, false],
  ['the system has no standing access yet', 'system', 'conversation.read', assignedToAgent, false],
];

describe('authorize', () => {
  it.each(scenarios)('%s', (_name, who, action, resource, allowed) => {
    const decision = authorize(cast[who], action, resource);
    expect(decision.allow).toBe(allowed);
    expect(decision.rule).toMatch(/^[a-z-]+$/);
  });

  it('names the other-tenant rule so the gate can answer not_found', () => {
    expect(authorize(cast.globexAdmin, 'conversation.read', unassigned).rule).toBe('other-tenant');
  });
});
