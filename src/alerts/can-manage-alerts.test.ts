import { describe, expect, it } from 'vitest';
import type { Principal } from '../access/index.js';
import { canManageAlerts } from './can-manage-alerts.js';

const ACME = 'ten_acme';
const GLOBEX = 'ten_globex';

/** The cast: one of each kind of principal. */
const cast = {
  operatorOwner: { kind: 'operator', id: 'mem_op_owner', role: 'owner' },
  operatorSecurity: { kind: 'operator', id: 'mem_op_sec', role: 'security' },
  engineer: { kind: 'operator', id: 'mem_eng', role: 'engineer' },
  owner: { kind: 'member', id: 'mem_owner', tenantId: ACME, role: 'owner' },
  admin: { kind: 'member', id: 'mem_admin', tenantId: ACME, role: 'admin' },
  security: { kind: 'member', id: 'mem_security', tenantId: ACME, role: 'security' },
  manager: { kind: 'member', id: 'mem_manager', tenantId: ACME, role: 'manager' },
  agent: { kind: 'member', id: 'mem_agent', tenantId: ACME, role: 'agent' },
  auditor: { kind: 'member', id: 'mem_auditor', tenantId: ACME, role: 'auditor' },
  globexOwner: { kind: 'member', id: 'mem_globex', tenantId: GLOBEX, role: 'owner' },
  contact: { kind: 'contact', id: 'ctc_jane', tenantId: ACME },
  system: { kind: 'system', id: 'system', job: 'test' },
} satisfies Record<string, Principal>;

const scenarios: [string, keyof typeof cast, string, boolean][] = [
  ["a tenant owner manages the tenant's alerts", 'owner', ACME, true],
  ["an admin manages the tenant's alerts", 'admin', ACME, true],
  ["a security officer manages the tenant's alerts", 'security', ACME, true],
  ['a manager does not', 'manager', ACME, false],
  ['an agent does not', 'agent', ACME, false],
  ['an auditor does not', 'auditor', ACME, false],
  ["another tenant's owner does not", 'globexOwner', ACME, false],
  ["a tenant owner does not manage the operator's alerts", 'owner', 'operator', false],
  ['a contact does not', 'contact', ACME, false],
  ["the operator owner manages the operator's alerts", 'operatorOwner', 'operator', true],
  ["operator security manages the operator's alerts", 'operatorSecurity', 'operator', true],
  ["an engineer does not manage the operator's alerts", 'engineer', 'operator', false],
  ["the operator owner does not configure a tenant's alerts", 'operatorOwner', ACME, false],
  ['the system does not', 'system', 'operator', false],
];

describe('canManageAlerts', () => {
  it.each(scenarios)('%s', (_name, who, scope, allowed) => {
    const decision = canManageAlerts(cast[who], scope);
    expect(decision.allow).toBe(allowed);
    expect(decision.rule).toMatch(/^[a-z-]+$/);
  });

  it("names another tenant's scope other-tenant, so the API answers not_found", () => {
    expect(canManageAlerts(cast.globexOwner, ACME).rule).toBe('other-tenant');
    expect(canManageAlerts(cast.owner, 'operator').rule).not.toBe('other-tenant');
  });
});
