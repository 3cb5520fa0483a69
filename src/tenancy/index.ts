export type { TenancyDeps } from './tenancy-deps.js';
export { createTenant } from './create-tenant.js';
export { createMember, type NewMember, type CreatedMember } from './create-member.js';
export { createOperatorMember } from './create-operator-member.js';
export { bootstrapOperatorOwner } from './bootstrap-operator-owner.js';
export { changeMemberRole, type ChangedRole } from './change-member-role.js';
export { removeMember } from './remove-member.js';
export { createTeam } from './create-team.js';
export { setTeamMembership } from './team-membership.js';
