const BY_ERROR_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  ENOTFOUND: 'dns_failed',
  EAI_AGAIN: 'dns_failed',
  ETIMEDOUT: 'timeout',
  // nodemailer's codes
  ECONNECTION: 'connection_failed',
  ESOCKET: 'connection_failed',
  EDNS: 'dns_failed',
  ETLS: 'tls_failed',
  EAUTH: 'smtp_auth_failed',
  ENOAUTH: 'smtp_auth_failed',
  EENVELOPE: 'smtp_rejected',
  EMESSAGE: 'smtp_rejected',
  EPROTOCOL: 'smtp_rejected',
};

/** A stable short code for a failed send, from the error's code; unknown failures get `fallback`. */
export function failureCode(error: unknown, fallback: string): string {
  const code = (error as { code?: unknown } | null)?.code;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  if (typeof code !== 'string') return fallback;
  if (/CERT|^ERR_TLS|^ERR_SSL/.test(code)) return 'tls_failed';
  return BY_ERROR_CODE[code] ?? fallback;
}
