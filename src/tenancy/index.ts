export type { TenancyDeps } from './tenancy-deps.js';
export { createTenant } from './create-tenant.js';
export { createMember, type NewMember, type CreatedMember } from './create-member.js';
export { createOperatorMember } from './create-operator-member.js';
export { bootstrapOperatorOwner } from './bootstrap-operator-owner.js';
