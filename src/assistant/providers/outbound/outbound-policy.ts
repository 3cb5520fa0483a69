import { isLoopbackHost } from '../../../common/index.js';
import { SealdeskError } from '../../../errors/index.js';

/** The installation's rules for calls to model providers; the operator sets them, not a tenant. */
export interface OutboundPolicy {
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots (`SEALDESK_PROVIDER_CA_FILE`). */
  readonly extraCa?: string | undefined;
}

/**
 * Checks a provider's base URL: `https:` anywhere, plain `http:` only to this machine's loopback
 * (a local Ollama or llama.cpp server), no credentials in the URL, no query or fragment.
 * Returns the URL without a trailing slash. A tenant sets this URL, so it is checked at save
 * time and again at every call.
 */
export function checkProviderUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidUrl('is not a URL');
  }
  if (url.username !== '' || url.password !== '') throw invalidUrl('must not carry credentials; set the API key instead');
  if (url.search !== '' || url.hash !== '') throw invalidUrl('must not have a query or fragment');
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw invalidUrl('must use https (plain http is allowed only to localhost, 127.0.0.0/8 or ::1)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidUrl('must be an https:// URL');
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

function invalidUrl(problem: string): SealdeskError {
  return new SealdeskError('invalid_request', { userMessage: `The provider URL ${problem}.` });
}
