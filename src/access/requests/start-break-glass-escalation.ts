import { newId, startPeriodicJob, type PeriodicJob } from '../../common/index.js';
import type { Principal } from '../principal.js';
import type { AccessDeps } from './access-deps.js';
import { escalateOverdueReviews } from './escalate-overdue-reviews.js';

const SCHEDULER: Principal = { kind: 'system', id: 'system', job: 'break-glass-escalation' };

/**
 * Escalates overdue break-glass reviews every `intervalMs` (default 10 minutes) as the system
 * principal, so an unreviewed break-glass raises its alert without anyone calling the route.
 */
export function startBreakGlassEscalation(deps: AccessDeps, onError: (error: unknown) => void, intervalMs = 600_000): PeriodicJob {
  return startPeriodicJob(
    () => escalateOverdueReviews(deps, SCHEDULER, { requestId: newId('request'), channel: 'system' }),
    onError,
    intervalMs,
  );
}
