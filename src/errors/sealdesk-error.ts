import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

/**
 * The one error type Sealdesk raises on purpose. `code` is stable and public; `userMessage` is
 * safe to show a caller; `detail` is for operators' logs and must never hold customer content.
 */
export class SealdeskError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly userMessage: string;

  constructor(code: ErrorCode, options: { userMessage?: string; detail?: string; cause?: unknown } = {}) {
    const entry = ERROR_CATALOGUE[code];
    super(options.detail ?? entry.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SealdeskError';
    this.code = code;
    this.status = entry.status;
    this.userMessage = options.userMessage ?? entry.message;
  }
}

export function isSealdeskError(value: unknown): value is SealdeskError {
  return value instanceof SealdeskError;
}
