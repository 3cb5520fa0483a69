import { SealdeskError } from '../errors/index.js';

/**
 * Which kind of installation a data directory and a process belong to. A `development`
 * installation holds synthetic data only (`sealdesk seed --synthetic`); a `production` one holds
 * real customers' data. The two never open each other's data directories.
 */
export const ENVIRONMENTS = ['development', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** What a process is when nothing says otherwise, and what a marker without the field records: the stricter side. */
export const DEFAULT_ENVIRONMENT: Environment = 'production';

/** Refuses (`environment_mismatch`) a data directory recorded for another environment than the process's. */
export function assertSameEnvironment(dataDir: string, recorded: Environment, expected: Environment): void {
  if (recorded === expected) return;
  throw new SealdeskError('environment_mismatch', {
    userMessage: `${dataDir} is a ${recorded} installation; this process is configured as ${expected} (SEALDESK_ENVIRONMENT). A ${expected} installation never opens a ${recorded} data directory.`,
  });
}
