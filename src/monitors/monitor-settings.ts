import { z } from 'zod';

/**
 * A log's monitor rules. Volume and denial bursts are on by default; working hours need the
 * tenant's time zone, so they start off until configured.
 */
export const monitorSettingsSchema = z
  .object({
    volume: z
      .object({
        enabled: z.boolean(),
        /** Alert when one principal reads content of more than this many distinct conversations… */
        maxConversations: z.number().int().min(1).max(100_000),
        /** …within this many minutes. */
        windowMinutes: z.number().int().min(1).max(7 * 24 * 60),
      })
      .strict(),
    offHours: z
      .object({
        enabled: z.boolean(),
        /** IANA time zone of the tenant's working hours, e.g. `Europe/Berlin`. */
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
        startHour: z.number().int().min(0).max(23),
        endHour: z.number().int().min(1).max(24),
        /** ISO weekdays: 1 = Monday … 7 = Sunday. */
        days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
      })
      .strict()
      .refine((hours) => hours.startHour < hours.endHour, 'startHour must be before endHour'),
    denials: z
      .object({ enabled: z.boolean(), maxDenials: z.number().int().min(1).max(100_000), windowMinutes: z.number().int().min(1).max(24 * 60) })
      .strict(),
    bulkExport: z.object({ enabled: z.boolean() }).strict(),
    /** Settings saved before this rule existed have it on. */
    keyChanges: z.object({ enabled: z.boolean() }).strict().default({ enabled: true }),
  })
  .strict();

export type MonitorSettings = z.output<typeof monitorSettingsSchema>;

export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = {
  volume: { enabled: true, maxConversations: 50, windowMinutes: 60 },
  offHours: { enabled: false, timeZone: 'UTC', startHour: 8, endHour: 18, days: [1, 2, 3, 4, 5] },
  denials: { enabled: true, maxDenials: 10, windowMinutes: 10 },
  bulkExport: { enabled: true },
  keyChanges: { enabled: true },
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
