export { authorize, type Action, type Decision, type Resource } from './authorize.js';
export {
  type Principal,
  type TenantRole,
  type OperatorRole,
  TENANT_ROLES,
  OPERATOR_ROLES,
  roleOf,
  tenantOf,
} from './principal.js';
export { authenticate, type AuthenticationDeps } from './authenticate.js';
export { issueApiKey, type IssuedApiKey } from './credentials/api-key.js';
export { signContactToken, CONTACT_TOKEN_TTL_SECONDS } from './credentials/contact-token.js';
export { enforce, type EnforcementDeps, type AuditTarget } from './enforce.js';
