import type { Grant } from './grants/grant.js';
import type { AccessPolicy } from './policy/access-policy.js';

/**
 * Everything besides the principal and the resource that a decision depends on: the time (expiry
 * is decided against it), the tenant's policy, and the principal's grants and teams on that
 * tenant. Loaded by `loadAccessContext`; built by hand in tests and benchmarks.
 */
export interface AccessContext {
  readonly now: Date;
  readonly policy: AccessPolicy;
  /** The principal's grants; `authorize` itself checks holder, tenant, status, deadline and scope. */
  readonly grants: readonly Grant[];
  readonly teamIds: readonly string[];
}
