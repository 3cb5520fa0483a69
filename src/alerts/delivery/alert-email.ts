import { OPERATOR_SCOPE, type Alert } from '../alert.js';

/**
 * The e-mail for an alert: the summary, kind, severity, scope, ids and counts — what the alert
 * record holds, which is never content or PII.
 */
export function alertEmail(alert: Alert): { readonly subject: string; readonly text: string } {
  const facts = Object.entries(alert.details).map(([key, value]) => `  ${key}: ${String(value)}`);
  return {
    subject: `[Sealdesk] ${alert.severity}: ${alert.kind} (${alert.scope})`,
    text: [
      alert.summary,
      '',
      `Alert:    ${alert.id}`,
      `Kind:     ${alert.kind}`,
      `Severity: ${alert.severity}`,
      `Scope:    ${alert.scope}`,
      `Raised:   ${alert.createdAt}`,
      ...(facts.length > 0 ? ['Details:', ...facts] : []),
      '',
      `Acknowledge it: POST ${alertsPath(alert.scope)}/${alert.id}/acknowledge`,
    ].join('\n'),
  };
}

function alertsPath(scope: string): string {
  return scope === OPERATOR_SCOPE ? '/v1/operator/alerts' : `/v1/tenants/${scope}/alerts`;
}
