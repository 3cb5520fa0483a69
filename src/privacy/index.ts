export * from './detection/index.js';
export * from './pseudonymisation/index.js';
export { createPatternRedactor, type Redactor, type RedactorFactory } from './redactor.js';
export { createDetectorRedactorFactory } from './detector-redactor.js';
export * from './retention/index.js';
export * from './training/index.js';
