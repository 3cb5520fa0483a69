export { type Clock, systemClock, ManualClock } from './clock.js';
export { newId, isId, ID_PREFIXES, type IdKind } from './ids.js';
export type { RequestContext } from './request-context.js';
export { isLoopbackHost } from './is-loopback-host.js';
export { startPeriodicJob, type PeriodicJob } from './start-periodic-job.js';
