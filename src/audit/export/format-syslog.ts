import { SealdeskError } from '../../errors/index.js';
import type { ExportedEntry } from './exported-entry.js';
import { formatJsonLine } from './format-json-line.js';

/** The header fields a sender names itself with. */
export interface SyslogOptions {
  /** RFC 5424 HOSTNAME: 1–255 printable US-ASCII characters (e.g. the host's FQDN). */
  readonly hostname: string;
  /** RFC 5424 APP-NAME: 1–48 printable US-ASCII characters. */
  readonly appName: string;
}

/**
 * The structured-data id of Sealdesk's parameters. 32473 is the private enterprise number that
 * RFC 5612 reserves for documentation; RFC 5424 §7.2.2 allows any `name@<PEN>` form.
 */
const SYSLOG_SD_ID = 'sealdesk@32473';

/** RFC 5424 §6.2.1 facility 13, "log audit". */
const FACILITY_LOG_AUDIT = 13;
const SEVERITY_WARNING = 4;
const SEVERITY_INFORMATIONAL = 6;
const NILVALUE = '-';

// RFC 5424 §6.2.3 TIMESTAMP (RFC 3339 with upper-case T and Z, at most 6 fractional digits).
const TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const PRINTUSASCII = /^[\x21-\x7e]+$/;

/**
 * One audit entry as an RFC 5424 message:
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID [sealdesk@32473 index="…" action="…" outcome="…" tenant="…"] MSG`.
 *
 * - PRI: facility 13 (log audit); severity 4 (warning) for a denied access, 6 (informational) otherwise.
 * - TIMESTAMP: the event's time, or `-` if it is not a valid RFC 5424 timestamp.
 * - MSGID: the action, cut to 32 printable ASCII characters (others become `_`).
 * - Structured data (§6.3): `"`, `\` and `]` in values are escaped (§6.3.3); `tenant` is left out
 *   for the operator's log. A pruned entry has no event: MSGID `-` and `[… index="…" pruned="true"]`.
 * - MSG: the entry's JSON line (without the newline), as MSG-ANY (no BOM).
 *
 * Pure. Throws `invalid_request` if `options` break the header grammar; never produces a message
 * that does not parse, whatever the event holds.
 */
export function formatSyslog(entry: ExportedEntry, options: SyslogOptions): string {
  checkSyslogOptions(options);
  const { event } = entry;
  const severity = event?.outcome === 'denied' ? SEVERITY_WARNING : SEVERITY_INFORMATIONAL;
  const timestamp = event && TIMESTAMP.test(String(event.time)) ? String(event.time) : NILVALUE;
  const msgId = event ? toMsgId(String(event.action)) : NILVALUE;
  const params: [string, string][] = [['index', String(entry.index)]];
  if (event === null) params.push(['pruned', 'true']);
  else params.push(['action', String(event.action)], ['outcome', String(event.outcome)]);
  if (event?.resource?.tenant) params.push(['tenant', String(event.resource.tenant)]);
  const data = `[${SYSLOG_SD_ID}${params.map(([name, value]) => ` ${name}="${escapeParamValue(value)}"`).join('')}]`;
  const pri = FACILITY_LOG_AUDIT * 8 + severity;
  return `<${pri}>1 ${timestamp} ${options.hostname} ${options.appName} ${NILVALUE} ${msgId} ${data} ${formatJsonLine(entry).slice(0, -1)}`;
}

/** Throws `invalid_request` unless the hostname and app name fit RFC 5424's header grammar (§6.2.4, §6.2.5). */
export function checkSyslogOptions(options: SyslogOptions): void {
  checkHeaderField(options.hostname, 255, 'hostname');
  checkHeaderField(options.appName, 48, 'app name');
}

/** RFC 5424 §6.3.3: `"`, `\` and `]` inside a PARAM-VALUE are preceded by a backslash. */
function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (character) => `\\${character}`);
}

function toMsgId(action: string): string {
  const printable = action.replace(/[^\x21-\x7e]/g, '_').slice(0, 32);
  return printable === '' ? NILVALUE : printable;
}

function checkHeaderField(value: string, maxLength: number, what: string): void {
  if (value.length > maxLength || !PRINTUSASCII.test(value)) {
    throw new SealdeskError('invalid_request', {
      userMessage: `The syslog ${what} must be 1 to ${maxLength} printable ASCII characters without spaces.`,
    });
  }
}
