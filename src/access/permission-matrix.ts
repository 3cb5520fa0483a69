import type { Principal } from './principal.js';

/**
 * Everything a principal may try to do, one name per decision `authorize` makes. Reads of
 * content and metadata are both `conversation.read`: the decision says which view.
 */
export const ACTIONS = [
  'conversation.list',
  'conversation.read',
  'message.create',
  'conversation.create',
  'conversation.assign',
  'conversation.claim',
  'conversation.resolve',
  'answer-trace.read',
  'access-request.create',
  'access-request.break-glass',
  'access-request.approve',
  'access-request.deny',
  'access-request.revoke',
  'access-request.review',
  'access-request.list',
  'access-request.inspect',
  'access-policy.read',
  'access-policy.update',
  'export.request',
  'export.run',
  'dataset-export.request',
  'dataset-export.run',
  'member.create',
  'member.manage',
  'team.manage',
  'audit.read',
  'tenant.create',
  'operator-member.create',
  'break-glass.escalate',
  'widget.session',
  'retention.read',
  'retention.update',
  'retention.purge',
  'legal-hold.manage',
  'training.read',
  'training.update',
  'tenant-key.read',
  'tenant-key.manage',
  'key.rotate',
  'key.status',
  'key.import',
  'key.replace',
  'key-rotation-policy.update',
] as const;
export type Action = (typeof ACTIONS)[number];

/** A row of the matrix: a tenant role, an operator role, a widget contact or the system. */
export const ROLE_KEYS = [
  'owner',
  'admin',
  'manager',
  'agent',
  'security',
  'auditor',
  'operator:owner',
  'operator:engineer',
  'operator:support',
  'operator:data-scientist',
  'operator:security',
  'operator:executive',
  'contact',
  'system',
  'system:assistant',
] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

/**
 * What a cell allows; docs/access-control.md defines each word, and a test checks that its
 * table is this matrix and that `authorize` does what the words say.
 * - `yes` / `no`: always (within the principal's own tenant) / never.
 * - `full`, `masked`: the standing view of any conversation of the tenant.
 * - `queue`: for reading, full on conversations the member works (assigned to them or their
 *   team's queue), masked on the rest; for writing, only those.
 * - `own`: the principal's own (a contact's conversations, a requester's requests).
 * - `redacted`: may ask for access in the redacted view only.
 * - `policy`: when the tenant's policy names the role in an approval still needed.
 * - `grant`: only with a live grant of that kind.
 * - `non-owner`: only for members who are not, and do not become, owners.
 * - `first-owner`: only a tenant's first owner.
 * - `awaiting-ai`: only on a conversation waiting for the assistant's answer (status `open`).
 * - `installation`: only the installation's own keys (the operator's scope), never a tenant's.
 */
export type Permission =
  | 'yes'
  | 'no'
  | 'full'
  | 'masked'
  | 'queue'
  | 'own'
  | 'redacted'
  | 'policy'
  | 'grant'
  | 'non-owner'
  | 'first-owner'
  | 'awaiting-ai'
  | 'installation';

type Row = Readonly<Record<Action, Permission>>;

const NOTHING: Row = Object.fromEntries(ACTIONS.map((action) => [action, 'no'])) as Row;

/** Operator staff: metadata of any tenant; content only through a grant the tenant approved. */
const operatorStaff = (request: Permission, breakGlass: Permission): Row => ({
  ...NOTHING,
  'conversation.list': 'yes',
  'conversation.read': 'masked',
  'access-request.create': request,
  'access-request.break-glass': breakGlass,
  'access-request.revoke': request === 'no' ? 'no' : 'own',
  'access-request.inspect': request === 'no' ? 'no' : 'own',
});

/** The roles × actions matrix: the one place standing permissions are written down. */
export const PERMISSION_MATRIX: Readonly<Record<RoleKey, Row>> = {
  owner: {
    ...NOTHING,
    'conversation.list': 'yes',
    'conversation.read': 'full',
    'message.create': 'yes',
    'conversation.create': 'yes',
    'conversation.assign': 'yes',
    'conversation.claim': 'yes',
    'conversation.resolve': 'yes',
    'answer-trace.read': 'yes',
    'access-request.approve': 'policy',
    'access-request.deny': 'policy',
    'access-request.revoke': 'yes',
    'access-request.review': 'yes',
    'access-request.list': 'yes',
    'access-request.inspect': 'yes',
    'access-policy.read': 'yes',
    'access-policy.update': 'yes',
    'export.request': 'yes',
    'export.run': 'grant',
    'dataset-export.request': 'yes',
    'dataset-export.run': 'grant',
    'member.create': 'yes',
    'member.manage': 'yes',
    'team.manage': 'yes',
    'audit.read': 'yes',
    'retention.read': 'yes',
    'retention.update': 'yes',
    'retention.purge': 'yes',
    'legal-hold.manage': 'yes',
    'training.read': 'yes',
    'training.update': 'yes',
    'tenant-key.read': 'yes',
    'tenant-key.manage': 'yes',
    'key.rotate': 'yes',
    'key.status': 'yes',
    'key.import': 'yes',
    'key.replace': 'grant',
    'key-rotation-policy.update': 'yes',
  },
  admin: {
    ...NOTHING,
    'conversation.list': 'yes',
    'conversation.read': 'full',
    'message.create': 'yes',
    'conversation.create': 'yes',
    'conversation.assign': 'yes',
    'conversation.claim': 'yes',
    'conversation.resolve': 'yes',
    'answer-trace.read': 'yes',
    'access-request.approve': 'policy',
    'access-request.deny': 'policy',
    'access-request.revoke': 'yes',
    'access-request.list': 'yes',
    'access-request.inspect': 'yes',
    'access-policy.read': 'yes',
    'export.request': 'yes',
    'export.run': 'grant',
    'dataset-export.request': 'yes',
    'dataset-export.run': 'grant',
    'member.create': 'non-owner',
    'member.manage': 'non-owner',
    'team.manage': 'yes',
    'audit.read': 'yes',
    'retention.read': 'yes',
    'retention.update': 'yes',
    'retention.purge': 'yes',
    'legal-hold.manage': 'yes',
    'training.read': 'yes',
    'tenant-key.read': 'yes',
    'key.rotate': 'yes',
    'key.status': 'yes',
  },
  manager: {
    ...NOTHING,
    'conversation.list': 'yes',
    'conversation.read': 'masked',
    'conversation.create': 'yes',
    'conversation.assign': 'yes',
    'conversation.resolve': 'yes',
    'answer-trace.read': 'yes',
    'access-request.approve': 'policy',
    'access-request.deny': 'policy',
    'access-request.list': 'yes',
    'access-request.inspect': 'yes',
    'access-policy.read': 'yes',
    'team.manage': 'yes',
  },
  agent: {
    ...NOTHING,
    'conversation.list': 'yes',
    'conversation.read': 'queue',
    'message.create': 'queue',
    'conversation.create': 'yes',
    'conversation.claim': 'queue',
    'conversation.resolve': 'queue',
    'answer-trace.read': 'yes',
    'access-request.create': 'full',
    'access-request.break-glass': 'yes',
    'access-request.approve': 'policy',
    'access-request.deny': 'policy',
    'access-request.revoke': 'own',
    'access-request.inspect': 'own',
  },
  security: {
    ...NOTHING,
    'conversation.list': 'yes',
    'conversation.read': 'masked',
    'answer-trace.read': 'yes',
    'access-request.approve': 'policy',
    'access-request.deny': 'policy',
    'access-request.revoke': 'yes',
    'access-request.review': 'yes',
    'access-request.list': 'yes',
    'access-request.inspect': 'yes',
    'access-policy.read': 'yes',
    'access-policy.update': 'yes',
    'audit.read': 'yes',
    'retention.read': 'yes',
    'legal-hold.manage': 'yes',
    'training.read': 'yes',
    'tenant-key.read': 'yes',
    'tenant-key.manage': 'yes',
    'key.rotate': 'yes',
    'key.status': 'yes',
    'key.import': 'yes',
    'key.replace': 'grant',
    'key-rotation-policy.update': 'yes',
  },
  auditor: {
    ...NOTHING,
    'answer-trace.read': 'yes',
    'access-request.list': 'yes',
    'access-request.inspect': 'yes',
    'access-policy.read': 'yes',
    'audit.read': 'yes',
    'retention.read': 'yes',
    'training.read': 'yes',
    'tenant-key.read': 'yes',
    'key.status': 'yes',
  },
  'operator:owner': {
    ...operatorStaff('no', 'no'),
    'member.create': 'first-owner',
    'tenant.create': 'yes',
    'operator-member.create': 'yes',
    'break-glass.escalate': 'yes',
    'key.status': 'installation',
  },
  'operator:engineer': operatorStaff('full', 'yes'),
  'operator:support': operatorStaff('full', 'no'),
  'operator:data-scientist': operatorStaff('redacted', 'no'),
  'operator:security': { ...operatorStaff('full', 'yes'), 'break-glass.escalate': 'yes', 'key.rotate': 'installation', 'key.status': 'installation', 'key-rotation-policy.update': 'installation' },
  'operator:executive': operatorStaff('no', 'no'),
  contact: {
    ...NOTHING,
    'conversation.list': 'own',
    'conversation.read': 'own',
    'message.create': 'own',
    'conversation.create': 'own',
    'conversation.resolve': 'own',
    'widget.session': 'own',
  },
  // The scheduler in `serve` escalates overdue break-glass reviews as the system principal;
  // `sealdesk keys` acts as it too (whoever runs it holds the installation's root key already).
  system: { ...NOTHING, 'break-glass.escalate': 'yes', 'tenant-key.read': 'yes', 'tenant-key.manage': 'yes', 'key.rotate': 'yes', 'key.status': 'yes', 'key-rotation-policy.update': 'yes' },
  // The assistant answering a customer's new message: it reads and writes only conversations
  // waiting for it, never one a human has taken.
  'system:assistant': { ...NOTHING, 'conversation.read': 'awaiting-ai', 'message.create': 'awaiting-ai' },
};

/** The matrix row a principal acts under. */
export function roleKeyOf(principal: Principal): RoleKey {
  switch (principal.kind) {
    case 'member':
      return principal.role;
    case 'operator':
      return `operator:${principal.role}`;
    case 'contact':
      return 'contact';
    case 'system':
      return principal.job === 'assistant' ? 'system:assistant' : 'system';
  }
}
