import type { GrantScopeKind } from '../grants/grant.js';
import type { ContentView } from '../views.js';
import type { AccessPolicy, ApprovalRule } from './access-policy.js';

/** What a rule is matched against: the request and, for named conversations, whether all are in the requester's queue. */
export interface AccessRequestFacts {
  readonly requester: { readonly kind: 'member' | 'operator'; readonly role: string };
  readonly view: ContentView;
  readonly scope: GrantScopeKind;
  readonly durationMinutes: number;
  readonly allInRequesterQueue: boolean;
}

/** The first rule of the policy that matches, or `undefined` (the request is then refused). Pure. */
export function matchApprovalRule(policy: AccessPolicy, facts: AccessRequestFacts): ApprovalRule | undefined {
  return policy.rules.find(
    (rule) =>
      rule.requester === facts.requester.kind &&
      (rule.roles === undefined || rule.roles.includes(facts.requester.role)) &&
      (rule.views === undefined || rule.views.includes(facts.view)) &&
      (rule.scopes === undefined || rule.scopes.includes(facts.scope)) &&
      (rule.onlyInRequesterQueue !== true || facts.allInRequesterQueue) &&
      (rule.maxMinutes === undefined || facts.durationMinutes <= rule.maxMinutes),
  );
}
