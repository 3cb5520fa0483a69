import type { Principal, TenantRole } from './principal.js';

/**
 * What a principal may try to do. `conversation.read` asks for content; metadata reads are
 * `conversation.list` and `conversation.inspect`.
 */
export type Action =
  | 'tenant.create'
  | 'operator-member.create'
  | 'member.create'
  | 'conversation.create'
  | 'conversation.list'
  | 'conversation.inspect'
  | 'conversation.read'
  | 'message.create'
  | 'conversation.assign'
  | 'widget.session';

/** What the decision needs to know about the target; facts only, loaded by the caller. */
export interface Resource {
  readonly tenantId?: string;
  readonly conversation?: { readonly contactId: string; readonly assigneeId: string | null };
  /** For `member.create`: the role being granted and whether the tenant already has an owner. */
  readonly newMember?: { readonly role: string; readonly tenantHasOwner: boolean };
}

export interface Decision {
  readonly allow: boolean;
  /** A stable rule name: why the decision went this way. Recorded in the audit log. */
  readonly rule: string;
}

const allow = (rule: string): Decision => ({ allow: true, rule });
const deny = (rule: string): Decision => ({ allow: false, rule });

const METADATA_READERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin', 'manager', 'agent', 'security']);
const TENANT_WIDE_CONTENT: ReadonlySet<TenantRole> = new Set(['owner', 'admin']);
const ASSIGNERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin', 'manager']);

/**
 * The one access decision: a pure function of the principal, the action and facts about the
 * resource. Denies anything it does not explicitly allow.
 */
export function authorize(principal: Principal, action: Action, resource: Resource): Decision {
  switch (principal.kind) {
    case 'operator':
      return authorizeOperator(principal, action, resource);
    case 'member':
      if (resource.tenantId !== undefined && resource.tenantId !== principal.tenantId) {
        return deny('other-tenant');
      }
      return authorizeMember(principal, action, resource);
    case 'contact':
      if (resource.tenantId !== principal.tenantId) return deny('other-tenant');
      return authorizeContact(principal, action, resource);
    case 'system':
      return deny('system-not-yet-authorised');
  }
}

function authorizeOperator(
  principal: Extract<Principal, { kind: 'operator' }>,
  action: Action,
  resource: Resource,
): Decision {
  switch (action) {
    case 'tenant.create':
    case 'operator-member.create':
      return principal.role === 'owner' ? allow('operator-owner') : deny('operator-owner-only');
    case 'member.create':
      if (principal.role !== 'owner') return deny('operator-owner-only');
      if (resource.newMember?.role !== 'owner' || resource.newMember.tenantHasOwner) {
        return deny('operator-creates-first-owner-only');
      }
      return allow('operator-creates-first-owner');
    case 'conversation.list':
    case 'conversation.inspect':
      return allow('operator-metadata-only');
    case 'conversation.read':
      return deny('operator-no-standing-access');
    default:
      return deny('operator-cannot-write-tenant-data');
  }
}

function authorizeMember(
  principal: Extract<Principal, { kind: 'member' }>,
  action: Action,
  resource: Resource,
): Decision {
  const role = principal.role;
  const assignedToMe = resource.conversation?.assigneeId === principal.id;
  switch (action) {
    case 'member.create': {
      if (role === 'owner') return allow('tenant-owner');
      if (role === 'admin') {
        return resource.newMember?.role === 'owner' ? deny('admin-cannot-create-owner') : allow('tenant-admin');
      }
      return deny('owner-or-admin-only');
    }
    case 'conversation.create':
      return role === 'auditor' || role === 'security' ? deny('role-cannot-write') : allow('tenant-member');
    case 'conversation.list':
    case 'conversation.inspect':
      return METADATA_READERS.has(role) ? allow('tenant-metadata') : deny('role-has-no-metadata-access');
    case 'conversation.read':
    case 'message.create':
      if (TENANT_WIDE_CONTENT.has(role)) return allow('tenant-wide-content');
      if (role === 'agent') return assignedToMe ? allow('assigned-agent') : deny('agent-not-assigned');
      return deny('role-has-no-content-access');
    case 'conversation.assign':
      return ASSIGNERS.has(role) ? allow('tenant-assigner') : deny('role-cannot-assign');
    default:
      return deny('operator-only');
  }
}

function authorizeContact(
  principal: Extract<Principal, { kind: 'contact' }>,
  action: Action,
  resource: Resource,
): Decision {
  switch (action) {
    case 'widget.session':
    case 'conversation.create':
    case 'conversation.list':
      return allow('contact-self');
    case 'conversation.inspect':
    case 'conversation.read':
    case 'message.create':
      return resource.conversation?.contactId === principal.id ? allow('contact-own-conversation') : deny('not-own-conversation');
    default:
      return deny('contact-cannot');
  }
}
