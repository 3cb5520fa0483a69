import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  authorize,
  DEFAULT_ACCESS_POLICY,
  newGrant,
  PERMISSION_MATRIX,
  ROLE_KEYS,
  viewRank,
  type AccessContext,
  type Action,
  type Grant,
  type Permission,
  type Principal,
  type Resource,
  type RoleKey,
  type View,
} from '../../src/access/index.js';

/**
 * The matrix test: the table in docs/access-control.md is parsed, checked against the code's
 * matrix, and then every role × action × relation to the resource is decided by `authorize` and
 * compared with what the documented cell says, evaluated here by a small independent reference.
 */

const ACME = 'ten_acme';
const GLOBEX = 'ten_globex';
const NOW = new Date('2026-03-01T12:00:00.000Z');
const ACTOR = { member: 'mem_actor', contact: 'ctc_actor' };

const documented = parseMatrix(readFileSync(resolve(import.meta.dirname, '../../docs/access-control.md'), 'utf8'));

function parseMatrix(markdown: string): Record<string, Record<string, string>> {
  const lines = markdown.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| action |'));
  const roles = (lines[header] ?? '').split('|').slice(2, -1).map((cell) => cell.trim());
  const matrix: Record<string, Record<string, string>> = {};
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('| `')) break;
    const [action, ...cells] = line.split('|').slice(1, -1).map((cell) => cell.trim());
    matrix[(action ?? '').replaceAll('`', '')] = Object.fromEntries(roles.map((role, index) => [role, cells[index] ?? '']));
  }
  return matrix;
}

/** How the principal and the resource relate. */
interface Relation {
  /** `own`: the resource is in the tenant of the principal (for operator staff: where their grant is). */
  readonly tenant: 'own' | 'other';
  /**
   * The conversation is assigned to them (a contact's own; for the assistant, waiting for its
   * answer); the request decided on is theirs.
   */
  readonly assigned: boolean;
  /** The principal's grant (or, for decisions on a request, that request's state). */
  readonly grant: 'live' | 'expired' | 'revoked' | 'none';
}

const RELATIONS: Relation[] = (['own', 'other'] as const).flatMap((tenant) =>
  [true, false].flatMap((assigned) => (['live', 'expired', 'revoked', 'none'] as const).map((grant) => ({ tenant, assigned, grant }))),
);

function principalFor(role: RoleKey): Principal {
  if (role === 'contact') return { kind: 'contact', id: ACTOR.contact, tenantId: ACME };
  if (role === 'system') return { kind: 'system', id: 'system', job: 'test' };
  if (role === 'system:assistant') return { kind: 'system', id: 'system', job: 'assistant' };
  if (role.startsWith('operator:')) return { kind: 'operator', id: ACTOR.member, role: role.slice('operator:'.length) as never };
  return { kind: 'member', id: ACTOR.member, tenantId: ACME, role: role as never };
}

/** A grant on ACME in the state the relation names (`none`: undefined). */
function grantIn(state: Relation['grant'], init: Partial<Grant> & Pick<Grant, 'kind'>, holder: Grant['holder']): Grant | undefined {
  if (state === 'none') return undefined;
  const base = newGrant(
    {
      id: 'acr_subject',
      tenantId: ACME,
      holder,
      scope: { kind: 'tenant' },
      view: 'full',
      ticket: 'INC-1',
      breakGlass: false,
      durationMinutes: 60,
      rule: 'test',
      requiredApprovals: [],
      ...init,
    },
    init.status === 'pending' ? 'pending' : 'approved',
    new Date(NOW.getTime() - 30 * 60_000),
    60,
  );
  if (state === 'revoked') return { ...base, status: 'revoked', endedAt: NOW.toISOString(), endedBy: 'mem_someone' };
  if (state === 'expired') {
    const past = new Date(NOW.getTime() - 60_000).toISOString();
    return base.status === 'pending' ? { ...base, pendingUntil: past } : { ...base, expiresAt: past };
  }
  return base;
}

function holderOf(principal: Principal): Grant['holder'] {
  return principal.kind === 'operator' || principal.kind === 'member'
    ? { id: principal.id, kind: principal.kind, role: principal.role }
    : { id: principal.id, kind: 'member', role: 'agent' };
}

interface Case {
  readonly label: string;
  readonly resource: Resource;
  readonly context: AccessContext;
  readonly expected: { readonly allow: boolean; readonly view?: View };
}

function cases(role: RoleKey, action: Action, relation: Relation): Case[] {
  const principal = principalFor(role);
  const cell = documented[action]?.[role] as Permission;
  const tenantId = relation.tenant === 'own' ? ACME : GLOBEX;
  const crosses = (principal.kind === 'member' || principal.kind === 'contact') && relation.tenant === 'other';
  const context = (grants: readonly Grant[] = []): AccessContext => ({ now: NOW, policy: DEFAULT_ACCESS_POLICY, grants, teamIds: [] });
  const mine = holderOf(principal);
  const someoneElse = { id: 'mem_requester', kind: 'member' as const, role: 'agent' };
  const conversation = {
    id: 'cnv_subject',
    contactId: relation.assigned ? ACTOR.contact : 'ctc_other',
    assigneeId: relation.assigned ? ACTOR.member : 'mem_other',
    teamId: null,
    status: relation.assigned ? 'open' : 'waiting_for_human',
  };
  const single = (resource: Resource, allow: boolean, grants: readonly Grant[] = [], view?: View): Case[] => [
    { label: action, resource, context: context(grants), expected: { allow: allow && !crosses, ...(allow && !crosses && view && { view }) } },
  ];

  switch (action) {
    case 'conversation.read': {
      const grant = grantIn(relation.grant, { kind: 'access' }, mine);
      const standing = standingView(cell, relation.assigned);
      const granted = relation.grant === 'live' && relation.tenant === 'own' ? grantCap(role) : undefined;
      const best = [standing, granted].filter((view): view is View => view !== undefined).sort((a, b) => viewRank(b) - viewRank(a))[0];
      return single({ tenantId, conversation }, best !== undefined, grant ? [grant] : [], best);
    }
    case 'message.create':
    case 'conversation.claim':
    case 'conversation.resolve':
      return single({ tenantId, conversation }, cell === 'yes' || (['queue', 'own', 'awaiting-ai'].includes(cell) && relation.assigned));
    case 'access-request.create':
    case 'access-request.break-glass':
      return (['redacted', 'full'] as const).map((view) => ({
        label: `${action} (${view})`,
        resource: { tenantId, request: { view, scope: 'conversations', durationMinutes: 30, conversations: [conversation] } },
        context: context(),
        expected: { allow: !crosses && (cell === 'yes' || cell === 'full' || (cell === 'redacted' && view === 'redacted')) },
      }));
    case 'access-request.approve':
    case 'access-request.deny': {
      const requester = relation.assigned ? mine : someoneElse;
      const grant = grantIn(relation.grant, { kind: 'access', status: 'pending', requiredApprovals: [['manager', 'admin', 'owner'], ['security']] }, requester);
      const named = ['manager', 'admin', 'owner', 'security'].includes(role);
      return single({ tenantId, ...(grant && { grant }) }, cell === 'policy' && relation.grant === 'live' && !relation.assigned && named);
    }
    case 'access-request.revoke': {
      const grant = grantIn(relation.grant, { kind: 'access' }, relation.assigned ? mine : someoneElse);
      return single({ tenantId, ...(grant && { grant }) }, relation.grant === 'live' && (cell === 'yes' || (cell === 'own' && relation.assigned)));
    }
    case 'access-request.review': {
      const grant = grantIn(relation.grant, { kind: 'access', breakGlass: true }, relation.assigned ? mine : someoneElse);
      return single({ tenantId, ...(grant && { grant }) }, grant !== undefined && cell === 'yes' && !relation.assigned);
    }
    case 'access-request.inspect': {
      const grant = grantIn(relation.grant, { kind: 'access' }, relation.assigned ? mine : someoneElse);
      return single({ tenantId, ...(grant && { grant }) }, grant !== undefined && (cell === 'yes' || (cell === 'own' && relation.assigned)));
    }
    case 'export.run': {
      const grant = grantIn(relation.grant, { kind: 'export' }, mine);
      return single({ tenantId, ...(grant && { grant }) }, cell === 'grant' && relation.grant === 'live' && relation.tenant === 'own', grant ? [grant] : []);
    }
    case 'dataset-export.run': {
      // Also only while the tenant opts in to training; a bulk export grant opens no dataset export.
      const grant = grantIn(relation.grant, { kind: 'dataset-export' }, mine);
      const wrongKind = grantIn(relation.grant, { kind: 'export' }, mine);
      return [true, false].flatMap((optedIn) => [
        ...single({ tenantId, training: { optedIn }, ...(grant && { grant }) }, optedIn && cell === 'grant' && relation.grant === 'live' && relation.tenant === 'own', grant ? [grant] : []),
        ...single({ tenantId, training: { optedIn }, ...(wrongKind && { grant: wrongKind }) }, false, wrongKind ? [wrongKind] : []),
      ]);
    }
    case 'dataset-export.request':
      return [true, false].flatMap((optedIn) => single({ tenantId, training: { optedIn } }, optedIn && cell === 'yes'));
    case 'member.create':
      return [
        { role: 'agent', tenantHasOwner: true, allow: cell === 'yes' || cell === 'non-owner' },
        { role: 'owner', tenantHasOwner: false, allow: cell === 'yes' || cell === 'first-owner' },
        { role: 'owner', tenantHasOwner: true, allow: cell === 'yes' },
      ].map(({ allow, ...newMember }) => ({
        label: `member.create (${newMember.role}, owner ${newMember.tenantHasOwner ? 'exists' : 'missing'})`,
        resource: { tenantId, newMember },
        context: context(),
        expected: { allow: allow && !crosses },
      }));
    case 'member.manage':
      return [
        { role: 'agent', newRole: 'manager', allow: cell === 'yes' || cell === 'non-owner' },
        { role: 'agent', newRole: 'owner', allow: cell === 'yes' },
        { role: 'owner', newRole: null, allow: cell === 'yes' },
      ].map(({ allow, ...member }) => ({
        label: `member.manage (${member.role} → ${member.newRole ?? 'removed'})`,
        resource: { tenantId, member },
        context: context(),
        expected: { allow: allow && !crosses },
      }));
    case 'key.rotate':
    case 'key.status':
      return [
        { label: `${action} (a tenant's keys)`, resource: { tenantId }, context: context(), expected: { allow: cell === 'yes' && !crosses } },
        { label: `${action} (the installation's keys)`, resource: {}, context: context(), expected: { allow: cell === 'installation' || (cell === 'yes' && role === 'system') } },
      ];
    case 'tenant.create':
    case 'operator-member.create':
    case 'break-glass.escalate':
      return [{ label: action, resource: {}, context: context(), expected: { allow: cell === 'yes' } }];
    default:
      return single({ tenantId }, cell === 'yes' || cell === 'own');
  }
}

function standingView(cell: Permission, assigned: boolean): View | undefined {
  if (cell === 'full') return 'full';
  if (cell === 'masked') return 'masked';
  if (cell === 'queue') return assigned ? 'full' : 'masked';
  if (cell === 'own' || cell === 'awaiting-ai') return assigned ? 'full' : undefined;
  return undefined;
}

/** The most a live grant shows a role: what it may ask for (or full, if it may only break glass). */
function grantCap(role: RoleKey): View | undefined {
  const request = documented['access-request.create']?.[role];
  if (request === 'full' || request === 'redacted') return request;
  return documented['access-request.break-glass']?.[role] === 'yes' ? 'full' : undefined;
}

describe('the permission matrix in docs/access-control.md', () => {
  it('is the matrix the code enforces, action for action and role for role', () => {
    expect(Object.keys(documented)).toEqual([...ACTIONS]);
    for (const action of ACTIONS) {
      expect(Object.keys(documented[action] ?? {})).toEqual([...ROLE_KEYS]);
      for (const role of ROLE_KEYS) expect(documented[action]?.[role], `${action} × ${role}`).toBe(PERMISSION_MATRIX[role][action]);
    }
  });
});

let decided = 0;

describe.each(ROLE_KEYS)('authorize does what the matrix says for %s', (role) => {
  it.each(ACTIONS)('%s, in every relation to the resource', (action) => {
    for (const relation of RELATIONS) {
      for (const { label, resource, context, expected } of cases(role, action, relation)) {
        const decision = authorize(principalFor(role), action, resource, context);
        const where = `${label}: tenant ${relation.tenant}, assigned ${relation.assigned}, grant ${relation.grant} → ${decision.rule}`;
        expect(decision.allow, where).toBe(expected.allow);
        expect(decision.rule, where).toMatch(/^[a-z-]+$/);
        if (expected.view !== undefined) expect(decision.view, where).toBe(expected.view);
        const kind = principalFor(role).kind;
        if (!decision.allow && (kind === 'member' || kind === 'contact') && relation.tenant === 'other' && 'tenantId' in resource) {
          expect(decision.code, where).toBe('not_found');
        }
        decided++;
      }
    }
  });
});

describe('the matrix test itself', () => {
  it('decided every role × action × relation', () => {
    expect(decided).toBeGreaterThanOrEqual(ROLE_KEYS.length * ACTIONS.length * RELATIONS.length);
  });
});
