export { logBundleSchema, type LogBundle } from './log-bundle.js';
export { fetchLogBundle, type FetchOptions } from './fetch-log-bundle.js';
export { verifyBundle, checkpointSize } from './verify-bundle.js';
