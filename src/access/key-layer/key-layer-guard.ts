import type { Kysely } from 'kysely';
import { OPERATOR_LOG, type AuditLog } from '../../audit/index.js';
import type { Clock } from '../../common/index.js';
import type { UnwrapGuard, UnwrapJustification } from '../../crypto/index.js';
import { SealdeskError } from '../../errors/index.js';
import type { Database } from '../../store/index.js';
import type { KeyRefusalClass } from '../policy/access-policy.js';
import { loadAccessPolicy } from '../policy/load-access-policy.js';
import { appendAccessEntry } from '../record-access-event.js';

/** How long a tenant's key-layer refusals are kept in memory: a tightened policy binds within this. */
export const KEY_POLICY_CACHE_MS = 5_000;

export interface KeyLayerGuardDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** The audit log; a function because the log itself is built on the key ring. */
  readonly audit: () => AuditLog;
}

/**
 * The key ring's guard: checks every key use against the tenant's key-layer refusals (its access
 * policy's `keyLayer`), and writes each refusal and each tenant-key unwrap, with its
 * justification, to the tenant's audit log before anything proceeds. Refusals stand even when the
 * gate above allowed the access: a bug in `authorize` cannot open keys the tenant refuses.
 */
export function createKeyLayerGuard(deps: KeyLayerGuardDeps): UnwrapGuard {
  const cache = new Map<string, { readonly refuse: readonly KeyRefusalClass[]; readonly loadedAt: number }>();
  const refusals = async (scope: string): Promise<readonly KeyRefusalClass[]> => {
    const now = deps.clock.now().getTime();
    const cached = cache.get(scope);
    if (cached && now - cached.loadedAt < KEY_POLICY_CACHE_MS) return cached.refuse;
    const { policy } = await loadAccessPolicy(deps.db, scope);
    cache.set(scope, { refuse: policy.keyLayer.refuse, loadedAt: now });
    return policy.keyLayer.refuse;
  };
  const record = (scope: string, justification: UnwrapJustification, outcome: 'allowed' | 'denied', details: Record<string, string | number>) =>
    appendAccessEntry({ audit: deps.audit(), clock: deps.clock }, { ...justification.actor, team: null }, justification.request, {
      action: outcome === 'allowed' ? 'key.unwrapped' : 'key.unwrap-refused',
      tenantId: scope,
      outcome,
      rule: outcome === 'allowed' ? 'key-layer' : `key-layer-refuses-${String(details.refused)}`,
      grant: justification.grant,
      details: { purpose: justification.purpose, breakGlass: justification.breakGlass ? 1 : 0, ...details },
    });

  return {
    async admit(scope, justification) {
      if (scope === OPERATOR_LOG) return;
      const refused = refusedKeyClass(await refusals(scope), justification);
      if (refused === undefined) return;
      await record(scope, justification, 'denied', { refused });
      throw new SealdeskError('key_policy_refused', { detail: `key layer of ${scope} refuses ${refused}` });
    },
    async recordUnwrap(scope, version, justification) {
      if (scope === OPERATOR_LOG) return;
      await record(scope, justification, 'allowed', { keyVersion: version });
    },
  };
}

/** The first of `refuse` that `justification` falls under, if any. Pure. */
export function refusedKeyClass(refuse: readonly KeyRefusalClass[], justification: UnwrapJustification): KeyRefusalClass | undefined {
  return refuse.find((refusal) => {
    switch (refusal) {
      case 'operator':
        return justification.actor.kind === 'operator';
      case 'break-glass':
        return justification.breakGlass;
      case 'grant':
        return justification.grant !== null;
    }
  });
}
