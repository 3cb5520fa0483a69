import type { AlertKind, AlertSeverity } from '../alerts/index.js';
import type { AuditEvent } from '../audit/index.js';
import { localTime } from './local-time.js';
import type { MonitorSettings } from './monitor-settings.js';

/** Counts over the log that window rules need, for one actor up to the entry being checked. */
export interface WindowCounts {
  distinctConversationsRead(actorId: string, since: string, until: string): Promise<number>;
  denials(actorId: string, since: string, until: string): Promise<number>;
}

/** Something a rule found. `key` deduplicates: one alert per key, however many entries match. */
export interface Finding {
  readonly key: string;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly actorId: string;
  readonly count: number;
  /** For a `key-change` finding: what was done to the tenant key. */
  readonly keyChange?: KeyChangeAction;
}

/** Audit actions that change who can read a tenant's data through its key, each raising a `key-change` alert. */
const KEY_CHANGES = ['key.destroyed', 'key.imported', 'key.customer-key-adopted', 'key.disabled'] as const;
export type KeyChangeAction = (typeof KEY_CHANGES)[number];
const isKeyChange = (action: string): action is KeyChangeAction => (KEY_CHANGES as readonly string[]).includes(action);

const CONTENT_READS = new Set<string>(['content.read', 'content.read-redacted']);
const HUMAN = new Set<string>(['member', 'operator']);
/** Principals whose denials count: people and widget contacts (the system has no id to alert on). */
const ACCOUNTABLE = new Set<string>(['member', 'operator', 'contact']);

/** Applies every enabled rule to one audit entry. Pure apart from the window counts it asks for. */
export async function evaluateEntry(event: AuditEvent, settings: MonitorSettings, counts: WindowCounts): Promise<Finding[]> {
  const findings: Finding[] = [];
  const actorId = event.actor.id;
  const time = new Date(event.time);
  const isHumanRead = HUMAN.has(event.actor.kind) && CONTENT_READS.has(event.action) && event.outcome === 'allowed';

  if (settings.volume.enabled && isHumanRead) {
    const windowMs = settings.volume.windowMinutes * 60_000;
    const read = await counts.distinctConversationsRead(actorId, new Date(time.getTime() - windowMs).toISOString(), event.time);
    if (read > settings.volume.maxConversations) {
      const bucket = Math.floor(time.getTime() / windowMs);
      findings.push({ key: `volume:${actorId}:${bucket}`, kind: 'anomalous-volume', severity: 'warning', actorId, count: read });
    }
  }
  if (settings.offHours.enabled && isHumanRead) {
    const local = localTime(time, settings.offHours.timeZone);
    const working =
      settings.offHours.days.includes(local.weekday) && local.hour >= settings.offHours.startHour && local.hour < settings.offHours.endHour;
    if (!working) findings.push({ key: `off-hours:${actorId}:${local.date}`, kind: 'off-hours-access', severity: 'warning', actorId, count: 1 });
  }
  if (settings.denials.enabled && event.outcome === 'denied' && ACCOUNTABLE.has(event.actor.kind)) {
    const windowMs = settings.denials.windowMinutes * 60_000;
    const denied = await counts.denials(actorId, new Date(time.getTime() - windowMs).toISOString(), event.time);
    if (denied > settings.denials.maxDenials) {
      const bucket = Math.floor(time.getTime() / windowMs);
      findings.push({ key: `denials:${actorId}:${bucket}`, kind: 'denial-burst', severity: 'warning', actorId, count: denied });
    }
  }
  if (settings.bulkExport.enabled && event.action === 'conversations.exported' && event.outcome === 'allowed') {
    findings.push({ key: `bulk-export:${event.requestId}`, kind: 'bulk-export', severity: 'critical', actorId, count: 1 });
  }
  if (settings.keyChanges.enabled && event.outcome === 'allowed' && isKeyChange(event.action)) {
    const severity = event.action === 'key.destroyed' ? 'critical' : 'warning';
    findings.push({ key: `key-change:${event.requestId}:${event.action}`, kind: 'key-change', severity, actorId, count: 1, keyChange: event.action });
  }
  return findings;
}
