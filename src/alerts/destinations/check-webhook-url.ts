import { SealdeskError } from '../../errors/index.js';
import { isLoopbackHost } from '../../common/index.js';

/**
 * Returns the webhook URL in normal form, or throws `invalid_request` (400) saying why: it must be
 * absolute `https:` — plain `http:` only to a loopback address, where nothing crosses a network —
 * and carry no credentials or fragment.
 */
export function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new SealdeskError('invalid_request', { userMessage: 'The webhook URL is not a valid absolute URL.' });
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new SealdeskError('invalid_request', {
      userMessage: 'Webhook URLs must use https; plain http is allowed only to a loopback address (localhost, 127.0.0.0/8, ::1).',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SealdeskError('invalid_request', { userMessage: 'Webhook URLs must use https.' });
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') {
    throw new SealdeskError('invalid_request', { userMessage: 'Webhook URLs must not carry credentials or a fragment.' });
  }
  return url.href;
}
