import { systemJustification } from '../../crypto/index.js';
import { isId, newId, type IdKind } from '../../common/index.js';

/** How an alert reaches people: a signed webhook or an e-mail recipient. */
export type DestinationChannel = 'webhook' | 'email';

const ID_KIND: Record<DestinationChannel, IdKind> = { webhook: 'webhook', email: 'emailRecipient' };

export function newDestinationId(channel: DestinationChannel): string {
  return newId(ID_KIND[channel]);
}

/** Whether `value` is a destination id, of `channel` when given. */
export function isDestinationId(value: string, channel?: DestinationChannel): boolean {
  const channels: DestinationChannel[] = channel === undefined ? ['webhook', 'email'] : [channel];
  return channels.some((candidate) => isId(ID_KIND[candidate], value));
}

/** Webhook signing secrets are the alert system's own, sealed and opened by it for delivery. */
export const WEBHOOK_SECRET_JUSTIFICATION = systemJustification('alerts', 'webhook-secret');
