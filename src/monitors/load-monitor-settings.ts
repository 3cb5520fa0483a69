import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { DEFAULT_MONITOR_SETTINGS, monitorSettingsSchema, type MonitorSettings } from './monitor-settings.js';

/** A log's monitor settings, or the defaults when none were saved. */
export async function loadMonitorSettings(db: Kysely<Database>, logId: string): Promise<MonitorSettings> {
  const row = await db.selectFrom('monitor_settings').select('settings').where('log_id', '=', logId).executeTakeFirst();
  return row ? monitorSettingsSchema.parse(JSON.parse(row.settings)) : DEFAULT_MONITOR_SETTINGS;
}

export async function saveMonitorSettings(db: Kysely<Database>, logId: string, settings: MonitorSettings, now: Date): Promise<void> {
  const text = JSON.stringify(settings);
  await db
    .insertInto('monitor_settings')
    .values({ log_id: logId, settings: text, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('log_id').doUpdateSet({ settings: text, updated_at: now.toISOString() }))
    .execute();
}
