/** The scope of the installation's own security team; any other scope is a tenant id. */
export const OPERATOR_SCOPE = 'operator';

/** What happened. Each kind is raised by the module that detects it. */
export const ALERT_KINDS = [
  'break-glass',
  'anomalous-volume',
  'off-hours-access',
  'denial-burst',
  'bulk-export',
  'audit-pruned',
  'key-change',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** A stored alert as the API and the destinations see it: ids and counts, never content. */
export interface Alert {
  readonly id: string;
  /** A tenant id, or `operator`. */
  readonly scope: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly details: Readonly<Record<string, number | boolean | string>>;
  readonly createdAt: string;
  readonly acknowledgedAt: string | null;
  /** The member or operator staff id who acknowledged it. */
  readonly acknowledgedBy: string | null;
}
