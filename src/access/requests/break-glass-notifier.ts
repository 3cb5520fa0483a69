import type { ContentView } from '../views.js';

/** A break-glass grant, as alerts describe it: ids, counts and flags only. */
export interface BreakGlassNotice {
  readonly tenantId: string;
  readonly grantId: string;
  readonly holderId: string;
  readonly holderKind: 'member' | 'operator';
  readonly view: ContentView;
  readonly durationMinutes: number;
}

/**
 * The port break-glass raises its alerts through: to the tenant's security contacts and to the
 * operator's security team. Each method resolves once the alert is raised and throws when it
 * cannot be; break-glass is then refused (`alert_unavailable`), so no glass breaks silently.
 */
export interface BreakGlassNotifier {
  activated(notice: BreakGlassNotice): Promise<void>;
  /** The grant is still unreviewed `overdueHours` after the policy's review deadline began. */
  reviewOverdue(notice: BreakGlassNotice & { readonly overdueHours: number }): Promise<void>;
}
