/** Roles inside a tenant (the customer's own staff). */
export const TENANT_ROLES = ['owner', 'admin', 'manager', 'agent', 'security', 'auditor'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

/** Roles of the operator's staff, who run the installation. None has standing content access. */
export const OPERATOR_ROLES = ['owner', 'engineer', 'support', 'data-scientist', 'security', 'executive'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** Who is acting. Built by authentication; everything downstream trusts only this. */
export type Principal =
  | { readonly kind: 'operator'; readonly id: string; readonly role: OperatorRole }
  | { readonly kind: 'member'; readonly id: string; readonly tenantId: string; readonly role: TenantRole }
  | { readonly kind: 'contact'; readonly id: string; readonly tenantId: string }
  | { readonly kind: 'system'; readonly id: 'system'; readonly job: string };

/** The role a principal acts under, as recorded in audit events. */
export function roleOf(principal: Principal): string {
  switch (principal.kind) {
    case 'operator':
      return `operator:${principal.role}`;
    case 'member':
      return principal.role;
    case 'contact':
      return 'contact';
    case 'system':
      return `system:${principal.job}`;
  }
}

/** The tenant a principal belongs to, or null for operator staff and the system. */
export function tenantOf(principal: Principal): string | null {
  return principal.kind === 'member' || principal.kind === 'contact' ? principal.tenantId : null;
}
