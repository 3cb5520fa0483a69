/**
 * How one attempt went. A failure carries a short code (`http_503`, `timeout`, `tls_failed`, …)
 * for `alert_deliveries.last_error` — never an error message, which may quote an address.
 */
export type DeliveryOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

export const delivered: DeliveryOutcome = { ok: true };

export const failed = (error: string): DeliveryOutcome => ({ ok: false, error });
