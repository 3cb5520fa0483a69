/** The periods a tenant may choose, in days (a tenant key version serves at most a year). */
export const ROTATION_DAYS = { min: 30, max: 365 } as const;

const DAY_MS = 86_400_000;

/** A tenant's rotation policy, as the API reports it. Ids and times only. */
export interface KeyRotationPolicy {
  /** The tenant's id, or `operator` for the installation's own keys. */
  readonly tenantId: string;
  /** Days a tenant key version serves before `serve` rotates it; null: no rotation by policy (the default). */
  readonly rotationDays: number | null;
  readonly changedAt: string | null;
  readonly changedBy: string | null;
  /** When the tenant's latest tenant key version was made. */
  readonly latestTenantKeyAt: string;
  /** When `serve` starts the next rotation by policy (it checks every minute); null when off. */
  readonly nextRotationAt: string | null;
}

/** Whether `days` is a period a tenant may choose: null (off) or a whole number of days in `ROTATION_DAYS`. */
export function isRotationPeriod(days: number | null): boolean {
  return days === null || (Number.isInteger(days) && days >= ROTATION_DAYS.min && days <= ROTATION_DAYS.max);
}

/** When a tenant key made at `latestTenantKeyAt` is due for rotation under `rotationDays`; undefined when off. */
export function rotationDueAt(rotationDays: number | null, latestTenantKeyAt: string): Date | undefined {
  return rotationDays === null ? undefined : new Date(Date.parse(latestTenantKeyAt) + rotationDays * DAY_MS);
}

/** Whether the tenant key is due at `now`: its latest version is at least `rotationDays` old. */
export function isRotationDue(rotationDays: number | null, latestTenantKeyAt: string, now: Date): boolean {
  const due = rotationDueAt(rotationDays, latestTenantKeyAt);
  return due !== undefined && now.getTime() >= due.getTime();
}
