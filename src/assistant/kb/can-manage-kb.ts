import type { Principal, TenantRole } from '../../access/index.js';

/** What is asked of a tenant's knowledge base. */
export type KbOperation = 'write' | 'list' | 'ask' | 'configure';

/** Whether a knowledge-base operation is allowed, and the stable name of the rule that decided. */
export interface KbDecision {
  readonly allow: boolean;
  readonly rule: string;
}

const WRITERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin', 'manager']);
const LISTERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin', 'manager', 'agent']);
const CONFIGURERS: ReadonlySet<TenantRole> = new Set(['owner', 'admin']);

const allow = (rule: string): KbDecision => ({ allow: true, rule });
const deny = (rule: string): KbDecision => ({ allow: false, rule });

/**
 * Whether `principal` may perform `operation` on the knowledge base of `tenantId`:
 * - `write` (create, update, delete): the tenant's owner, admin and manager;
 * - `list` (titles and ids): those, and agents;
 * - `ask` (the assistant's answer route): any member of the tenant;
 * - `configure` (the assistant's provider settings, which decide where pseudonymised text is
 *   sent): the tenant's owner and admin;
 * - a system principal (the `kb ingest` and `eval` commands, which run with the installation's
 *   own keys) may write and ask; it never arrives through the API.
 * Operator staff and contacts get nothing; another tenant's knowledge base is the rule
 * `other-tenant`, which the API answers as `not_found`. Pure, and denies what it does not name.
 */
export function canManageKb(principal: Principal, tenantId: string, operation: KbOperation): KbDecision {
  switch (principal.kind) {
    case 'system':
      return operation === 'list' || operation === 'configure' ? deny(`system-cannot-${operation}`) : allow('system-job');
    case 'operator':
      return deny('operator-no-kb-access');
    case 'contact':
      return principal.tenantId === tenantId ? deny('contact-cannot') : deny('other-tenant');
    case 'member': {
      if (principal.tenantId !== tenantId) return deny('other-tenant');
      if (operation === 'ask') return allow('tenant-member');
      if (operation === 'configure') return CONFIGURERS.has(principal.role) ? allow('assistant-configurer') : deny('role-cannot-configure-assistant');
      const roles = operation === 'write' ? WRITERS : LISTERS;
      return roles.has(principal.role) ? allow(operation === 'write' ? 'kb-editor' : 'kb-reader') : deny('role-cannot-manage-kb');
    }
  }
}
