export { ERROR_CATALOGUE, ERROR_CODES, type ErrorCode } from './catalogue.js';
export { SealdeskError, isSealdeskError } from './sealdesk-error.js';
