/** A webhook destination as listed: never its secret. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly createdAt: string;
}
