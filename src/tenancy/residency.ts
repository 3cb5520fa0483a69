import { SealdeskError } from '../errors/index.js';

/**
 * Data residency: every installation serves one region (`SEALDESK_REGION`), recorded in its
 * marker and stamped in its database at init, and every tenant belongs to one region. A region
 * is a separate deployment with its own database; a node never opens another region's data
 * directory or database, and never creates a tenant of another region.
 */
export const REGION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** The region of an installation, a database or a tenant that predates regions. */
export const DEFAULT_REGION = 'default';

/** Refuses (`region_mismatch`) data recorded for another region than the node's. */
export function assertSameRegion(what: string, recorded: string, expected: string): void {
  if (recorded === expected) return;
  throw new SealdeskError('region_mismatch', {
    userMessage: `${what} belongs to region ${recorded}; this node is configured for region ${expected} (SEALDESK_REGION). Data of one region is only opened by nodes of that region.`,
  });
}

/** The regions a node knows: its own, where it writes, and the deployment's others (`SEALDESK_REGION_DATABASES`). */
export interface Residency {
  readonly region: string;
  readonly regions: readonly string[];
}

export const SINGLE_REGION: Residency = { region: DEFAULT_REGION, regions: [DEFAULT_REGION] };

/**
 * The region a new tenant gets: the one asked for (default: the node's), which must be a known
 * region (`invalid_request`) and the node's own (`region_mismatch`): a tenant of another region
 * is created by that region's nodes, in that region's database.
 */
export function regionForNewTenant(residency: Residency, asked: string | undefined): string {
  const region = asked ?? residency.region;
  if (!residency.regions.includes(region)) {
    throw new SealdeskError('invalid_request', { userMessage: `Unknown region ${JSON.stringify(region)}; this deployment has ${residency.regions.join(', ')}.` });
  }
  if (region !== residency.region) {
    throw new SealdeskError('region_mismatch', {
      userMessage: `Tenants of region ${region} are created through a node of region ${region}, in that region's database; this node serves ${residency.region}.`,
    });
  }
  return region;
}
