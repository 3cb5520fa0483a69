export * from './detection/index.js';
export * from './pseudonymisation/index.js';
