/** How a request reached Sealdesk, carried into every audit event it causes. */
export interface RequestContext {
  readonly requestId: string;
  readonly channel: 'api' | 'console' | 'cli' | 'system';
}
