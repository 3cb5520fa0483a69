import type { EnforcementDeps } from '../access/index.js';
import type { KeyRing } from '../crypto/index.js';
import type { CustomerKeyWrappers } from './customer-managed/customer-key-wrappers.js';

/** What the tenant key use cases need: the gate's dependencies and the key ring. */
export interface KeyDeps extends EnforcementDeps {
  readonly keyRing: KeyRing;
  /** The installation's customer-managed keys; without it no tenant can adopt one. */
  readonly customerKeys?: CustomerKeyWrappers | undefined;
  /** Told when a BYOK import has started a rotation, so `serve` runs its job now rather than within a minute. */
  readonly keyRotationRequested?: (() => void) | undefined;
}
