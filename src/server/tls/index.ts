export { createSelfSignedCertificate } from './self-signed-certificate.js';
export { serverTlsOptions, CIPHER_SUITES } from './tls-options.js';
