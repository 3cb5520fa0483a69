import type { RequestContext } from '../common/index.js';

/**
 * Why a key is being used: handed by the vault gate (`enforce`) to every key-ring call, so the
 * key layer can refuse whole classes of access on its own (a tenant's key policy) and record
 * each tenant-key unwrap with its reason. Ids and roles only, never content.
 */
export interface UnwrapJustification {
  /** Who acts, as the audit log names them. */
  readonly actor: {
    readonly id: string;
    readonly kind: 'operator' | 'member' | 'contact' | 'system';
    readonly role: string;
    readonly tenant: string | null;
  };
  /** The action the gate allowed (`conversation.read`, …), or a system job's task. */
  readonly purpose: string;
  /** The access grant that allowed it, if one did. */
  readonly grant: string | null;
  /** Whether that grant is a break-glass grant. */
  readonly breakGlass: boolean;
  readonly request: RequestContext;
}

/** The key layer's own checks, run on every key-ring call; see `createKeyLayerGuard`. */
export interface UnwrapGuard {
  /** Rejects with `key_policy_refused` when `scope`'s key policy refuses this kind of access. */
  admit(scope: string, justification: UnwrapJustification): Promise<void>;
  /** Records durably that `scope`'s tenant key `version` was unwrapped for `justification`. */
  recordUnwrap(scope: string, version: number, justification: UnwrapJustification): Promise<void>;
}

/**
 * The justification of work the system does for itself, not on behalf of a request through the
 * gate: `job` names the job (`audit`, `alerts`, `widget`…), `purpose` what it needs the key for.
 */
export function systemJustification(job: string, purpose: string, request: RequestContext = { requestId: `system:${job}`, channel: 'system' }): UnwrapJustification {
  return { actor: { id: 'system', kind: 'system', role: `system:${job}`, tenant: null }, purpose, grant: null, breakGlass: false, request };
}

/** The audit log's own signing key: its unwraps are not recorded in the log they sign (that would recurse). */
export const AUDIT_SIGNING_PURPOSE = 'audit-signing';
